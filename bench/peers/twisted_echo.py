"""Twisted's side of the echo and ping-pong rows: a Protocol writing back what it receives.

usage: /usr/bin/python3 twisted_echo.py PORT
"""
import sys

from twisted.internet import protocol, reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


factory = protocol.Factory.forProtocol(Echo)
reactor.listenTCP(int(sys.argv[1]), factory, backlog=4096, interface="127.0.0.1")
print("listening", sys.argv[1], flush=True)
reactor.run()
