package dev.torsion.conch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.conch.ssh.internal.Algorithms;
import dev.torsion.conch.ssh.internal.ClientSessionChannel;
import dev.torsion.conch.ssh.internal.ConnectionClient;
import dev.torsion.conch.ssh.internal.KeyExchange;
import dev.torsion.conch.ssh.internal.SSHClientTransport;
import dev.torsion.conch.ssh.internal.SSHWriter;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.Deferred;
import dev.torsion.trial.FakeTransport;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.MemoryReactor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rekeying by bytes (RFC 4253 9), the server's limit: each direction is counted on its own, in
 * packet bytes under the current keys, from that direction's NEWKEYS; past the limit the server
 * starts a key exchange, and what it sends waits for the new keys. Torsion's client and server
 * over an in-memory pump on a Clock, one bounded chunk a step, so the test sees how many bytes
 * each end received under each of the keys the other end sent with.
 */
class RekeyByBytesTest {
  static final HostKey KEY = HostKey.generateEd25519();
  /** The server's limit: eight packets of 32 KiB, the channel's (and OpenSSH's) largest. */
  static final int LIMIT = 256 * 1024;
  static final int N = 8 * 1024 * 1024;
  /** The most one CHANNEL_DATA packet takes on the wire: 32 KiB of data and its framing. */
  static final int PACKET = 32 * 1024 + 128;
  /** Bytes the pump moves each way per step, as a socket read would. */
  static final int CHUNK = 16 * 1024;
  /** What the client writes to the channel per step when it streams to the server. */
  static final int BITE = 4 * 1024;

  MemoryReactor reactor;
  SSHServerTransport server;
  SSHClientTransport client;
  ConnectionClient connection;
  ClientSessionChannel channel;
  /** The server's end of the session channel, once the command started. */
  SessionChannel serverChannel;
  IOPump pump;
  long serverGot;
  long clientGot;

  /** A session whose command writes nothing by itself and counts what it is sent. */
  final class Sink implements SSHSession {
    @Override
    public boolean execCommand(SessionChannel ch, String command) {
      serverChannel = ch;
      return true;
    }

    @Override
    public boolean openShell(SessionChannel ch) {
      return false;
    }

    @Override
    public void dataReceived(byte[] data) {
      serverGot += data.length;
    }
  }

  /** Logs in and opens a session running {@code session}, on a server with the limit. */
  void connect(SSHSession session) {
    reactor = new MemoryReactor();
    Portal portal = new Portal(Realm.of(ConchUser.class, id -> new ConchUser() {
      @Override
      public SSHSession openSession() {
        return session;
      }
    }), new InMemoryUsers().addUser("alice", "s3cret"));
    SSHServerFactory factory = new SSHServerFactory(reactor, portal, List.of(KEY))
        .setRekeyBytes(LIMIT).setRekeySeconds(1e9);
    server = (SSHServerTransport) factory.buildProtocol(null);
    Deferred<ConnectionClient> ready = new Deferred<>();
    // The client's own limit is never reached: every key exchange here is the server's.
    client = new SSHClientTransport(new SSHClientTransport.Config(reactor, "alice", "s3cret",
        null, blob -> Arrays.equals(blob, KEY.publicBlob()) ? null : "unknown host key",
        KeyExchange.NAMES, List.of("ssh-ed25519"), Algorithms.CIPHERS, Algorithms.MACS,
        1L << 40, 1e9), ready);
    pump = IOPump.connect(server, client);
    pump.flush();
    ready.addCallback(c -> connection = c);
    assertThat(connection).as("logged in").isNotNull();
    Deferred<ClientSessionChannel> opened = new Deferred<>();
    connection.openSession(new ClientSessionChannel.Listener() {
      @Override
      public void dataReceived(ClientSessionChannel ch, int type, byte[] data) {
        clientGot += data.length;
      }

      @Override
      public void closed(ClientSessionChannel ch) {}
    }, opened);
    opened.addCallback(ch -> channel = ch);
    pump.flush();
    Deferred<Boolean> started = channel.request("exec",
        new SSHWriter().writeString("run").toByteArray());
    pump.flush();
    assertThat(started.called()).isTrue();
    assertThat(server.keyExchanges()).isEqualTo(1);
  }

  @AfterEach
  void closeConnection() {
    if (connection != null) {
      pump.resumeDelivery();
      connection.close();
      pump.flush();
      assertThat(pump.serverTransport().isClosed()).isTrue();
      assertThat(reactor.getDelayedCalls()).as("timers left behind").isEmpty();
    }
  }

  /**
   * Pumps one chunk a step, calling {@code beforeEachStep} first (false once it has nothing
   * more to write), until both ends are quiet. Returns the bytes delivered to the end whose key
   * exchanges {@code receiverExchanges} counts, cut each time that count went up: the bytes its
   * peer sent under each key, give or take the chunk that carried the NEWKEYS.
   */
  List<Long> pumpCountingBytesPerKey(FakeTransport sender, IntSupplier receiverExchanges,
      BooleanSupplier beforeEachStep) {
    pump.setMaxBytesPerPump(CHUNK);
    List<Long> perKey = new ArrayList<>();
    long underThisKey = 0;
    while (true) {
      boolean wrote = beforeEachStep.getAsBoolean();
      long delivered = Math.min(sender.queuedBytes(), CHUNK);
      int before = receiverExchanges.getAsInt();
      boolean progress = pump.pump();
      underThisKey += delivered;
      if (receiverExchanges.getAsInt() != before) {
        perKey.add(underThisKey);
        underThisKey = 0;
      }
      if (!progress && !wrote) {
        break;
      }
    }
    perKey.add(underThisKey);
    return perKey;
  }

  @Test
  void theServerRekeysOnceForEachLimitItSends() {
    connect(new Sink());
    // A program that writes N bytes as fast as it can: more than the client's window, so most
    // of it waits in the channel, some of it for the keys of the next exchange.
    byte[] piece = new byte[64 * 1024];
    for (int i = 0; i < N / piece.length; i++) {
      serverChannel.write(piece);
    }

    List<Long> perKey = pumpCountingBytesPerKey(pump.serverTransport(), client::keyExchanges,
        () -> false);

    assertThat(clientGot).isEqualTo(N);
    // At most the limit and the packet that crossed it under one key of ours; eight whole
    // packets pass the limit, so each key carries just over L.
    assertEachKeyCarriedAboutTheLimit(perKey, LIMIT + PACKET + CHUNK);
  }

  @Test
  void theServerRekeysOnceForEachLimitItReceives() {
    connect(new Sink());
    byte[] bite = new byte[BITE];
    int[] written = {0};

    // The client streams a bite a step: what arrives under its old keys after the server's
    // count passed L is what the client sent before it read the server's KEXINIT, one bite.
    List<Long> perKey = pumpCountingBytesPerKey(pump.clientTransport(), server::keyExchanges,
        () -> {
          if (written[0] >= N) {
            return false;
          }
          channel.write(bite);
          written[0] += bite.length;
          return true;
        });

    assertThat(serverGot).isEqualTo(N);
    // The limit, the read that passed it and what was in flight: about a bite over L a key.
    assertEachKeyCarriedAboutTheLimit(perKey, LIMIT + 2 * CHUNK + 2 * BITE);
  }

  /**
   * Each key carried at most {@code most}; each but the first (partly sent before the test
   * counted) and the last (what was left) at least the limit, give or take the chunk that held
   * its NEWKEYS, since no exchange starts before the limit is passed; so the server started
   * N / L exchanges, within one.
   */
  void assertEachKeyCarriedAboutTheLimit(List<Long> perKey, long most) {
    assertThat(perKey).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(most));
    assertThat(perKey.subList(1, perKey.size() - 1))
        .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(LIMIT - CHUNK));
    assertThat(server.keyExchanges() - 1).isBetween(N / LIMIT - 1, N / LIMIT);
  }

  @Test
  void bytesThatArriveRightAfterThePeersNewKeysCountTowardTheNewKeys() {
    connect(new Sink());
    server.rekey();
    pump.pump(); // the client reads our KEXINIT: its exchange is under way
    int sent = 0;
    byte[] piece = new byte[32 * 1024];
    while (sent <= LIMIT) {
      channel.write(piece); // held by the client until its NEWKEYS, then sent right behind it
      sent += piece.length;
    }
    assertThat(pump.clientTransport().queuedBytes()).as("held during the exchange")
        .isLessThan(4096);

    pump.flush(); // NEWKEYS and all of it in one read

    assertThat(serverGot).isEqualTo(sent);
    // More than L arrived under the client's new keys: one more exchange.
    assertThat(server.keyExchanges()).isEqualTo(3);
  }

  @Test
  void nothingPastTheLimitLeavesWhileThePeersNewKeysIsAwaited() {
    connect(new Sink());
    server.rekey();
    pump.pump(); // the client reads our KEXINIT and answers with its own and its public value
    pump.pump(); // we answer with ours and NEWKEYS: we send with new keys, they do not yet
    assertThat(server.keyExchanges()).isEqualTo(1);
    pump.pauseDelivery();
    long before = pump.serverTransport().queuedBytes();
    byte[] piece = new byte[64 * 1024];
    for (int i = 0; i < 3 * LIMIT / piece.length; i++) {
      serverChannel.write(piece);
    }

    // No exchange can start before the client's NEWKEYS is in, so what passes L waits. Sent
    // at once, all 3 L would go under one key, for as long as the client took to answer: how a
    // CI run's OpenSSH saw 2 KEXINITs for 2 MB (OpenSSHClientInteropTest).
    assertThat(pump.serverTransport().queuedBytes() - before)
        .isLessThanOrEqualTo(LIMIT + PACKET);

    pump.resumeDelivery();
    pump.flush();
    assertThat(clientGot).isEqualTo(3 * LIMIT);
    assertThat(server.keyExchanges()).isGreaterThanOrEqualTo(4);
  }
}
