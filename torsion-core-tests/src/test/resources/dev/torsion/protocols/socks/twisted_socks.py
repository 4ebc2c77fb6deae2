"""Twisted's SOCKSv4 server (twisted.protocols.socks) on 127.0.0.1; prints "PORT n"."""
from twisted.internet import endpoints, reactor
from twisted.protocols import socks


def listening(port):
    print("PORT", port.getHost().port, flush=True)


ep = endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1")
ep.listen(socks.SOCKSv4Factory(None)).addCallback(listening)
reactor.run()
