package dev.torsion.names.client;

import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.names.DNSQueryTimeoutError;
import dev.torsion.names.DNSResolverFailure;
import dev.torsion.names.MalformedMessageError;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.protocols.Int16StringReceiver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One query over TCP (RFC 1035 4.2.2, two-octet length before each message), or a zone transfer
 * (RFC 5936), whose answer spans messages until the SOA comes round again.
 */
final class TcpExchange extends Int16StringReceiver {
  /** Records accepted in one transfer; a zone bigger than this is not one we should hold. */
  static final int MAX_TRANSFER_RECORDS = 1_000_000;

  private final Message query;
  private final boolean transfer;
  private final Deferred<Message> single;
  private final Deferred<List<RRHeader>> records;
  private final List<RRHeader> got = new ArrayList<>();
  private DelayedCall timer;
  private Connector connector;
  private String failure;

  private TcpExchange(Message query, boolean transfer, Deferred<Message> single,
      Deferred<List<RRHeader>> records) {
    this.query = query;
    this.transfer = transfer;
    this.single = single;
    this.records = records;
    MAX_LENGTH = 0xFFFF;
  }

  static Deferred<Message> send(Reactor reactor, InetSocketAddress server, Message query,
      double timeout) {
    Deferred<Message> d = new Deferred<>(x -> {});
    start(reactor, server, new TcpExchange(query, false, d, null), timeout);
    return d;
  }

  static Deferred<List<RRHeader>> transfer(Reactor reactor, InetSocketAddress server,
      String zone, int id, double timeout) {
    Deferred<List<RRHeader>> d = new Deferred<>(x -> {});
    Message q = Message.query(id, new Query(zone, RRType.AXFR)).setRecDes(false);
    start(reactor, server, new TcpExchange(q, true, null, d), timeout);
    return d;
  }

  private static void start(Reactor reactor, InetSocketAddress server, TcpExchange ex,
      double timeout) {
    ClientFactory factory = new ClientFactory(() -> ex) {
      @Override
      public void clientConnectionFailed(Connector c, Failure reason) {
        ex.fail(new DNSQueryTimeoutError(server + ": cannot connect over TCP: "
            + reason.getErrorMessage()));
      }
    };
    ex.timer = reactor.callLater(timeout, () -> {
      ex.fail(new DNSQueryTimeoutError(ex.query.getQueries() + ": no TCP answer from " + server));
      if (ex.transport != null) {
        ex.transport.abortConnection();
      } else if (ex.connector != null) {
        ex.connector.stopConnecting();
      }
    });
    ex.connector = reactor.connectTCP(server.getAddress().getHostAddress(), server.getPort(),
        factory, timeout, null);
  }

  @Override
  public void connectionMade() {
    sendString(query.toBytes());
  }

  @Override
  public void stringReceived(byte[] data) {
    Message m;
    try {
      m = Message.fromBytes(data);
    } catch (MalformedMessageError e) {
      fail(new MalformedMessageError("malformed TCP answer: " + e.getMessage()));
      transport.loseConnection();
      return;
    }
    if (!transfer) {
      if (DNSClient.matches(query, m)) {
        done();
        single.callback(m);
        transport.loseConnection();
      }
      return;
    }
    // RFC 5936 2.2.1: later messages may omit the question; the id must still match.
    if (!m.isAnswer() || m.getId() != query.getId()) {
      return;
    }
    if (m.getRCode() != Message.OK) {
      fail(new DNSResolverFailure(query.getQueries() + ": transfer refused, rcode "
          + m.getRCode()));
      transport.loseConnection();
      return;
    }
    for (RRHeader rr : m.getAnswers()) {
      if (got.isEmpty() && rr.type() != RRType.SOA) {
        fail(new DNSResolverFailure("transfer does not start with the SOA"));
        transport.loseConnection();
        return;
      }
      if (!got.isEmpty() && rr.type() == RRType.SOA) {
        done();
        records.callback(List.copyOf(got));
        transport.loseConnection();
        return;
      }
      if (got.size() >= MAX_TRANSFER_RECORDS) {
        fail(new DNSResolverFailure("transfer longer than " + MAX_TRANSFER_RECORDS
            + " records"));
        transport.loseConnection();
        return;
      }
      got.add(rr);
    }
  }

  @Override
  public void lengthLimitExceeded(long length) {
    fail(new MalformedMessageError("TCP message length " + length));
    transport.loseConnection();
  }

  @Override
  public void connectionLost(Failure reason) {
    fail(new DNSQueryTimeoutError(query.getQueries() + ": TCP connection closed before the"
        + " answer"));
  }

  private void done() {
    if (timer != null && timer.active()) {
      timer.cancel();
    }
  }

  private void fail(RuntimeException e) {
    done();
    Deferred<?> d = transfer ? records : single;
    if (!d.called()) {
      d.errback(e);
    }
  }
}
