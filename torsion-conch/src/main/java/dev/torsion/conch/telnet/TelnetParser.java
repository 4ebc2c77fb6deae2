package dev.torsion.conch.telnet;

import java.io.ByteArrayOutputStream;

/**
 * Splits a telnet byte stream (RFC 854) into application data, commands, option negotiation
 * and subnegotiations. Incremental (any split gives the same events) and bounded (a
 * subnegotiation longer than {@link #MAX_SUBNEGOTIATION} bytes is cut off and dropped).
 *
 * <pre>
 *   DATA --IAC--> IAC --IAC--> DATA (one 0xFF data byte)
 *                     --WILL/WONT/DO/DONT--> OPTION --opt--> DATA   (negotiation)
 *                     --SB--> SB_OPTION --opt--> SB --IAC--> SB_IAC --SE--> DATA
 *                                                                   --IAC--> SB (0xFF)
 *                     --other--> DATA (a command: NOP, AYT, IP, BRK...)
 * </pre>
 *
 * <pre>{@code
 * TelnetParser parser = new TelnetParser(events);   // your TelnetParser.Events
 * parser.feed(bytesFromTheSocket);                  // calls events.data(...), negotiate(...)...
 * }</pre>
 */
public final class TelnetParser {
  /** Bytes of one subnegotiation kept; NAWS needs 4, TTYPE a name. */
  public static final int MAX_SUBNEGOTIATION = 512;

  static final int IAC = 255;
  static final int DONT = 254;
  static final int DO = 253;
  static final int WONT = 252;
  static final int WILL = 251;
  static final int SB = 250;
  static final int SE = 240;

  /** What the parser found, in order. */
  public interface Events {
    void data(byte[] data);

    void command(int command);

    void negotiate(int verb, int option);

    void subnegotiation(int option, byte[] data);
  }

  private enum State { DATA, IAC, OPTION, SB_OPTION, SB, SB_IAC }

  private final Events events;
  private State state = State.DATA;
  private int verb;
  private int sbOption;
  private final ByteArrayOutputStream sb = new ByteArrayOutputStream();
  private boolean sbOverflow;

  public TelnetParser(Events events) {
    this.events = events;
  }

  public void feed(byte[] bytes) {
    ByteArrayOutputStream data = new ByteArrayOutputStream(bytes.length);
    for (byte x : bytes) {
      int b = x & 0xff;
      switch (state) {
        case DATA -> {
          if (b == IAC) {
            state = State.IAC;
          } else {
            data.write(b);
          }
        }
        case IAC -> {
          if (b == IAC) {
            data.write(b);
            state = State.DATA;
          } else if (b >= WILL && b <= DONT) {
            verb = b;
            state = State.OPTION;
          } else if (b == SB) {
            state = State.SB_OPTION;
          } else {
            flush(data);
            events.command(b);
            state = State.DATA;
          }
        }
        case OPTION -> {
          flush(data);
          events.negotiate(verb, b);
          state = State.DATA;
        }
        case SB_OPTION -> {
          sbOption = b;
          sb.reset();
          sbOverflow = false;
          state = State.SB;
        }
        case SB -> {
          if (b == IAC) {
            state = State.SB_IAC;
          } else {
            sbByte(b);
          }
        }
        case SB_IAC -> {
          if (b == SE) {
            flush(data);
            if (!sbOverflow) {
              events.subnegotiation(sbOption, sb.toByteArray());
            }
            sb.reset();
            state = State.DATA;
          } else {
            // IAC IAC is a data 0xFF; anything else after IAC is a broken peer: keep the byte
            sbByte(b);
            state = State.SB;
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    flush(data);
  }

  private void sbByte(int b) {
    if (sb.size() < MAX_SUBNEGOTIATION) {
      sb.write(b);
    } else {
      sbOverflow = true;
    }
  }

  private void flush(ByteArrayOutputStream data) {
    if (data.size() > 0) {
      events.data(data.toByteArray());
      data.reset();
    }
  }
}
