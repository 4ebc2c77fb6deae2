# Two Twisted IRCClients against the server on 127.0.0.1:PORT: alice and bob join #torsion,
# talk in the channel and privately, alice sets the topic, bob sees it, bob does an ACTION,
# then both quit. Prints what each one saw; exits 0 when all of it happened.
import sys
from twisted.internet import reactor, protocol
from twisted.words.protocols import irc

port = int(sys.argv[1])
seen = []
clients = {}

def done(code):
    print("\n".join(seen))
    sys.stdout.flush()
    if reactor.running:
        reactor.stop()
    global exit_code
    exit_code = code

exit_code = 1

class Bot(irc.IRCClient):
    def connectionMade(self):
        self.nickname = self.factory.nick
        irc.IRCClient.connectionMade(self)

    def signedOn(self):
        seen.append("%s signedOn" % self.nickname)
        clients[self.nickname] = self
        self.join("#torsion")

    def joined(self, channel):
        seen.append("%s joined %s" % (self.nickname, channel))
        if self.nickname == "bob":
            clients["alice"].msg("#torsion", "hello bob")

    def userJoined(self, user, channel):
        seen.append("%s userJoined %s %s" % (self.nickname, user, channel))

    def privmsg(self, user, channel, message):
        seen.append("%s privmsg %s %s %s" % (self.nickname, user.split("!")[0], channel, message))
        if self.nickname == "bob" and message == "hello bob":
            self.msg("alice", "hi alice, in private")
        if self.nickname == "alice" and channel == "alice":
            self.topic("#torsion", "a topic from alice")

    def topicUpdated(self, user, channel, newTopic):
        seen.append("%s topicUpdated %s %s %s" % (self.nickname, user, channel, newTopic))
        if self.nickname == "bob":
            self.describe("#torsion", "waves")

    def action(self, user, channel, data):
        seen.append("%s action %s %s %s" % (self.nickname, user.split("!")[0], channel, data))
        clients["bob"].quit("bye now")

    def userQuit(self, user, quitMessage):
        seen.append("%s userQuit %s %s" % (self.nickname, user, quitMessage))
        self.quit("me too")

    def connectionLost(self, reason):
        irc.IRCClient.connectionLost(self, reason)
        clients.pop(self.nickname + "-open", None)
        seen.append("%s connectionLost" % self.nickname)
        if all(not c.transport.connected for c in clients.values()):
            done(0)

class F(protocol.ClientFactory):
    protocol = Bot
    def __init__(self, nick):
        self.nick = nick
    def clientConnectionFailed(self, connector, reason):
        seen.append("connection failed: %s" % reason.getErrorMessage())
        done(1)

reactor.connectTCP("127.0.0.1", port, F("alice"))
# bob connects once alice is in the channel, so the order of events is fixed
def bob_when_ready():
    if "alice joined #torsion" in seen:
        reactor.connectTCP("127.0.0.1", port, F("bob"))
    else:
        reactor.callLater(0.05, bob_when_ready)
reactor.callLater(0.05, bob_when_ready)
reactor.callLater(20, lambda: (seen.append("timed out"), done(1)))
reactor.run()
sys.exit(exit_code)
