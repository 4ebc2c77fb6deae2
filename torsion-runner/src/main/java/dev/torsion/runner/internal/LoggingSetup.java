package dev.torsion.runner.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.torsion.plugin.StartupError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points Logback at stdout or a size-rotated file, as text or JSON lines, from the command line
 * instead of a logback.xml: the runner's equivalent of twistd's log observers.
 */
public final class LoggingSetup {
  private static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24}: %msg%n";

  private LoggingSetup() {}

  public static void configure(GlobalOptions options) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();

    Encoder<ILoggingEvent> encoder;
    if (options.logFormat().equals("json")) {
      JsonEncoder json = new JsonEncoder();
      // Keep each line small and useful: no logger context dump, no MDC when it is empty.
      json.setWithContext(false);
      // One readable text per event ("formattedMessage"), not the {} template plus arguments.
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(TEXT_PATTERN);
      encoder = text;
    }
    encoder.setContext(ctx);
    encoder.start();

    OutputStreamAppender<ILoggingEvent> appender;
    if (options.logfile().equals("-")) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setEncoder(encoder);
      appender = console;
    } else {
      appender = rollingFile(ctx, Path.of(options.logfile()), options, encoder);
    }
    appender.setContext(ctx);
    appender.setName("torsion");
    appender.start();
    if (!appender.isStarted()) {
      throw new StartupError("cannot write the log file " + options.logfile());
    }

    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
  }

  private static RollingFileAppender<ILoggingEvent> rollingFile(
      LoggerContext ctx, Path file, GlobalOptions options, Encoder<ILoggingEvent> encoder) {
    Path abs = file.toAbsolutePath();
    checkWritable(abs);
    RollingFileAppender<ILoggingEvent> out = new RollingFileAppender<>();
    out.setContext(ctx);
    out.setFile(abs.toString());
    out.setAppend(true);
    out.setEncoder(encoder);

    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(ctx);
    rolling.setParent(out);
    rolling.setFileNamePattern(abs + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(options.logMaxFiles());
    rolling.start();

    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(ctx);
    trigger.setMaxFileSize(new FileSize(options.logMaxSize()));
    trigger.start();

    out.setRollingPolicy(rolling);
    out.setTriggeringPolicy(trigger);
    return out;
  }

  /** Logback reports a bad path through its status list; the user needs the path named at once. */
  static void checkWritable(Path file) {
    Path dir = file.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new StartupError("cannot write the log file " + file + ": no such directory " + dir);
    }
    if (Files.exists(file) ? !Files.isWritable(file) : dir != null && !Files.isWritable(dir)) {
      throw new StartupError("cannot write the log file " + file + ": permission denied");
    }
    if (Files.isDirectory(file)) {
      throw new StartupError("cannot write the log file " + file + ": it is a directory");
    }
  }

  /** Flushes and closes the appenders, so the last lines reach the file before exit. */
  public static void shutdown() {
    try {
      ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    } catch (RuntimeException e) {
      // Logging is going away; nowhere left to report this.
    }
  }
}
