package dev.torsion.names;

import dev.torsion.names.internal.MessageReader;
import dev.torsion.names.internal.MessageWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A DNS message (RFC 1035 4.1), query or response: Twisted's {@code dns.Message}. It is a mutable
 * holder, filled by a decoder or by a server building its answer, and turned into bytes with
 * {@link #toBytes()}.
 *
 * <pre>{@code
 * Message q = Message.query(0x1234, new Query("example.com", RRType.A));
 * byte[] wire = q.toBytes();
 * Message back = Message.fromBytes(wire);   // MalformedMessageError when the bytes are bad
 * }</pre>
 */
public final class Message {
  /** Opcodes (RFC 1035 4.1.1). */
  public static final int OP_QUERY = 0;
  public static final int OP_STATUS = 2;
  public static final int OP_NOTIFY = 4;
  public static final int OP_UPDATE = 5;

  /** Response codes (RFC 1035 4.1.1, RFC 6891 9 for BADVERS). */
  public static final int OK = 0;
  public static final int FORMERR = 1;
  public static final int SERVFAIL = 2;
  public static final int NXDOMAIN = 3;
  public static final int NOTIMP = 4;
  public static final int REFUSED = 5;
  public static final int YXDOMAIN = 6;
  public static final int NOTAUTH = 9;
  public static final int BADVERS = 16;

  private int id;
  private boolean answer;
  private int opCode;
  private boolean auth;
  private boolean trunc;
  private boolean recDes;
  private boolean recAv;
  private boolean authenticData;
  private boolean checkingDisabled;
  private int rCode;
  private Edns edns;
  private final List<Query> queries = new ArrayList<>();
  private final List<RRHeader> answers = new ArrayList<>();
  private final List<RRHeader> authority = new ArrayList<>();
  private final List<RRHeader> additional = new ArrayList<>();

  /** An empty message with id 0; fill it with the setters and the section lists. */
  public Message() {}

  /** A standard query with recursion desired, as a stub resolver sends it. */
  public static Message query(int id, Query q) {
    Message m = new Message();
    m.id = id & 0xFFFF;
    m.recDes = true;
    m.queries.add(q);
    return m;
  }

  /** Decodes one message; a {@link MalformedMessageError} names what was wrong. */
  public static Message fromBytes(byte[] wire) {
    return new MessageReader(wire).read();
  }

  /** Encodes the message with name compression. */
  public byte[] toBytes() {
    return new MessageWriter().write(this);
  }

  /** A response to this query: same id, opcode, question and RD bit, QR set. */
  public Message reply() {
    Message r = new Message();
    r.id = id;
    r.answer = true;
    r.opCode = opCode;
    r.recDes = recDes;
    r.checkingDisabled = checkingDisabled;
    r.queries.addAll(queries);
    return r;
  }

  public int getId() {
    return id;
  }

  public Message setId(int id) {
    this.id = id & 0xFFFF;
    return this;
  }

  /** The QR bit: true for a response. */
  public boolean isAnswer() {
    return answer;
  }

  public Message setAnswer(boolean answer) {
    this.answer = answer;
    return this;
  }

  public int getOpCode() {
    return opCode;
  }

  public Message setOpCode(int opCode) {
    this.opCode = opCode & 0xF;
    return this;
  }

  /** The AA bit: the answer comes from an authority for the zone. */
  public boolean isAuth() {
    return auth;
  }

  public Message setAuth(boolean auth) {
    this.auth = auth;
    return this;
  }

  /** The TC bit: the message was cut to fit; ask again over TCP. */
  public boolean isTrunc() {
    return trunc;
  }

  public Message setTrunc(boolean trunc) {
    this.trunc = trunc;
    return this;
  }

  /** The RD bit: the client asks for recursion. */
  public boolean isRecDes() {
    return recDes;
  }

  public Message setRecDes(boolean recDes) {
    this.recDes = recDes;
    return this;
  }

  /** The RA bit: the server offers recursion. */
  public boolean isRecAv() {
    return recAv;
  }

  public Message setRecAv(boolean recAv) {
    this.recAv = recAv;
    return this;
  }

  public boolean isAuthenticData() {
    return authenticData;
  }

  public Message setAuthenticData(boolean authenticData) {
    this.authenticData = authenticData;
    return this;
  }

  public boolean isCheckingDisabled() {
    return checkingDisabled;
  }

  public Message setCheckingDisabled(boolean checkingDisabled) {
    this.checkingDisabled = checkingDisabled;
    return this;
  }

  /** The full response code, including the EDNS extended bits. */
  public int getRCode() {
    return rCode;
  }

  public Message setRCode(int rCode) {
    this.rCode = rCode & 0xFFF;
    return this;
  }

  /** The EDNS pseudo-record, or null when the message has none. */
  public Edns getEdns() {
    return edns;
  }

  public Message setEdns(Edns edns) {
    this.edns = edns;
    return this;
  }

  /** The question section (live list). */
  public List<Query> getQueries() {
    return queries;
  }

  /** The answer section (live list). */
  public List<RRHeader> getAnswers() {
    return answers;
  }

  /** The authority section (live list). */
  public List<RRHeader> getAuthority() {
    return authority;
  }

  /** The additional section without the OPT pseudo-record (live list). */
  public List<RRHeader> getAdditional() {
    return additional;
  }

  @Override
  public String toString() {
    return "Message[id=" + id + (answer ? " response" : " query") + " op=" + opCode
        + " rcode=" + rCode + (auth ? " aa" : "") + (trunc ? " tc" : "") + (recDes ? " rd" : "")
        + (recAv ? " ra" : "") + " q=" + queries + " an=" + answers.size() + " ns="
        + authority.size() + " ar=" + additional.size() + "]";
  }
}
