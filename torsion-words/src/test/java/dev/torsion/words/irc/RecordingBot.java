package dev.torsion.words.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bot that records its callbacks, for tests on real sockets: wait for an event with a deadline. */
class RecordingBot extends IRCClient {
  final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  final List<String> seen = new ArrayList<>();

  RecordingBot(String nick) {
    nickname = nick;
  }

  /** Waits (15 s at most) for an event starting with {@code prefix}; returns it. */
  String await(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      long left = deadline - System.nanoTime();
      String e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) {
        throw new AssertionError(nickname + ": no event '" + prefix + "...' in time; saw " + seen);
      }
      seen.add(e);
      if (e.startsWith(prefix)) {
        return e;
      }
    }
  }

  void record(String e) {
    events.add(e);
  }

  @Override protected void signedOn() {
    record("signedOn " + nickname);
  }

  @Override protected void joined(String channel) {
    record("joined " + channel);
  }

  @Override protected void privmsg(String user, String channel, String message) {
    record("privmsg " + nick(user) + " " + channel + " " + message);
  }

  @Override protected void action(String user, String channel, String data) {
    record("action " + nick(user) + " " + channel + " " + data);
  }

  @Override protected void noticed(String user, String channel, String message) {
    record("noticed " + nick(user) + " " + channel + " " + message);
  }

  @Override protected void userJoined(String user, String channel) {
    record("userJoined " + user + " " + channel);
  }

  @Override protected void userLeft(String user, String channel) {
    record("userLeft " + user + " " + channel);
  }

  @Override protected void userQuit(String user, String quitMessage) {
    record("userQuit " + user + " " + quitMessage);
  }

  @Override protected void topicUpdated(String user, String channel, String newTopic) {
    record("topicUpdated " + user + " " + channel + " " + newTopic);
  }

  @Override protected void ctcpReplyReceived(String user, String channel, String command, String arg) {
    record("ctcpReply " + nick(user) + " " + command + " " + arg);
  }

  @Override protected void saslFailed(String reason) {
    record("saslFailed " + reason);
  }

  @Override protected void handleMessage(IRCMessage m) {
    if (m.command().equals("ERROR") || m.command().equals("464")) {
      record("error " + m);
    }
    super.handleMessage(m);
  }

  @Override public void connectionLost(dev.torsion.internet.Failure reason) {
    super.connectionLost(reason);
    record("connectionLost");
  }
}
