package dev.torsion.conch.telnet;

import dev.torsion.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The server side of telnet (RFC 854) with option negotiation: Twisted's {@code
 * TelnetTransport} and {@code TelnetProtocol} folded into one class to subclass. It offers to
 * echo and to suppress go-ahead (character at a time), asks the client for its window size
 * (NAWS, RFC 1073) and terminal type (TTYPE, RFC 1091), and refuses every other option. Each
 * option is negotiated at most once per direction and an answer is never answered (RFC 854's
 * rule against negotiation loops); application data arrives with IAC escapes removed.
 *
 * <pre>{@code
 * final class Greeter extends TelnetProtocol {
 *   protected void applicationDataReceived(byte[] data) { write(data); }   // echo
 *   protected void windowSizeChanged(int columns, int rows) { this.width = columns; }
 * }
 * }</pre>
 */
public class TelnetProtocol extends Protocol {
  public static final int ECHO = 1;
  public static final int SGA = 3;
  public static final int TTYPE = 24;
  public static final int NAWS = 31;

  private static final int IAC = TelnetParser.IAC;
  private static final int SB = TelnetParser.SB;
  private static final int SE = TelnetParser.SE;

  /** Per option: enabled on our side / on theirs, and whether we asked (awaiting an answer). */
  private final boolean[] us = new boolean[256];
  private final boolean[] him = new boolean[256];
  private final boolean[] usAsked = new boolean[256];
  private final boolean[] himAsked = new boolean[256];
  private final TelnetParser parser = new TelnetParser(new TelnetParser.Events() {
    @Override
    public void data(byte[] data) {
      applicationDataReceived(data);
    }

    @Override
    public void command(int command) {
      commandReceived(command);
    }

    @Override
    public void negotiate(int verb, int option) {
      negotiation(verb, option);
    }

    @Override
    public void subnegotiation(int option, byte[] data) {
      subnegotiationReceived(option, data);
    }
  });

  @Override
  public void connectionMade() {
    will(ECHO);
    will(SGA);
    doOption(NAWS);
    doOption(TTYPE);
  }

  @Override
  public final void dataReceived(byte[] data) {
    parser.feed(data);
  }

  /** Whether we agree to perform {@code option} when the client asks (DO). */
  protected boolean enableLocal(int option) {
    return option == ECHO || option == SGA;
  }

  /** Whether we agree that the client performs {@code option} when it offers (WILL). */
  protected boolean enableRemote(int option) {
    return option == NAWS || option == TTYPE || option == SGA;
  }

  /** Offers to perform {@code option} (IAC WILL). */
  public final void will(int option) {
    if (!us[option] && !usAsked[option]) {
      usAsked[option] = true;
      send(TelnetParser.WILL, option);
    }
  }

  /** Asks the client to perform {@code option} (IAC DO). */
  public final void doOption(int option) {
    if (!him[option] && !himAsked[option]) {
      himAsked[option] = true;
      send(TelnetParser.DO, option);
    }
  }

  public final boolean isLocalEnabled(int option) {
    return us[option];
  }

  public final boolean isRemoteEnabled(int option) {
    return him[option];
  }

  private void send(int verb, int option) {
    transport.write(new byte[] {(byte) IAC, (byte) verb, (byte) option});
  }

  /** RFC 854 and 1143: answer only requests that change a state; an answer is not answered. */
  private void negotiation(int verb, int option) {
    switch (verb) {
      case TelnetParser.WILL -> {
        if (him[option]) {
          return;
        }
        if (himAsked[option]) {
          himAsked[option] = false;
          him[option] = true;
        } else if (enableRemote(option)) {
          him[option] = true;
          send(TelnetParser.DO, option);
        } else {
          send(TelnetParser.DONT, option);
          return;
        }
        remoteEnabled(option);
      }
      case TelnetParser.WONT -> {
        himAsked[option] = false;
        if (him[option]) {
          him[option] = false;
          send(TelnetParser.DONT, option);
        }
      }
      case TelnetParser.DO -> {
        if (us[option]) {
          return;
        }
        if (usAsked[option]) {
          usAsked[option] = false;
          us[option] = true;
        } else if (enableLocal(option)) {
          us[option] = true;
          send(TelnetParser.WILL, option);
        } else {
          send(TelnetParser.WONT, option);
        }
      }
      case TelnetParser.DONT -> {
        usAsked[option] = false;
        if (us[option]) {
          us[option] = false;
          send(TelnetParser.WONT, option);
        }
      }
      default -> { }
    }
  }

  private void remoteEnabled(int option) {
    if (option == TTYPE) {
      // RFC 1091: IAC SB TERMINAL-TYPE SEND IAC SE
      transport.write(new byte[] {(byte) IAC, (byte) SB, (byte) TTYPE, 1, (byte) IAC, (byte) SE});
    }
  }

  private void subnegotiationReceived(int option, byte[] data) {
    if (option == NAWS && data.length == 4 && him[NAWS]) {
      // RFC 1073: IAC SB NAWS width(2) height(2) IAC SE
      windowSizeChanged(((data[0] & 0xff) << 8) | (data[1] & 0xff),
          ((data[2] & 0xff) << 8) | (data[3] & 0xff));
    } else if (option == TTYPE && data.length > 1 && data[0] == 0 && him[TTYPE]) {
      // RFC 1091: IAC SB TERMINAL-TYPE IS name IAC SE
      terminalTypeReceived(new String(data, 1, data.length - 1, StandardCharsets.US_ASCII));
    }
  }

  /** Writes application data, doubling IAC bytes (RFC 854). */
  public final void write(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 8);
    for (byte b : data) {
      out.write(b);
      if ((b & 0xff) == IAC) {
        out.write(IAC);
      }
    }
    transport.write(out.toByteArray());
  }

  /** Bytes the user typed, unescaped. */
  protected void applicationDataReceived(byte[] data) {}

  /** A telnet command: NOP (241), BRK (243), IP (244), AYT (246)... */
  protected void commandReceived(int command) {}

  /** NAWS: the client's terminal is {@code columns} by {@code rows}. */
  protected void windowSizeChanged(int columns, int rows) {}

  /** TTYPE: the client's terminal type ("XTERM", "VT100"...). */
  protected void terminalTypeReceived(String type) {}
}
