"""Twisted's finger server (twisted.protocols.finger.Finger) on 127.0.0.1; prints "PORT n"."""
from twisted.internet import endpoints, reactor
from twisted.internet.protocol import Factory
from twisted.protocols import finger


class Plans(finger.Finger):
    def getUser(self, slash_w, user):
        if user == b"alice":
            self.transport.write(b"Login: alice\r\nPlan: interop" + (b" (verbose)" if slash_w else b"") + b"\r\n")
            self.transport.loseConnection()
        else:
            finger.Finger.getUser(self, slash_w, user)


ep = endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1")
ep.listen(Factory.forProtocol(Plans)).addCallback(
    lambda port: print("PORT", port.getHost().port, flush=True))
reactor.run()
