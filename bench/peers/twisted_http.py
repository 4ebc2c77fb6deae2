"""Twisted's hello world for the HTTP rows: twisted.web Site with one leaf resource.

usage: /usr/bin/python3 twisted_http.py PORT
"""
import sys

from twisted.internet import reactor
from twisted.web import resource, server


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain")
        return b"Hello, World!"


site = server.Site(Hello())
site.log = lambda request: None  # no access log: nobody else in the table writes one
reactor.listenTCP(int(sys.argv[1]), site, backlog=4096, interface="127.0.0.1")
print("listening", sys.argv[1], flush=True)
reactor.run()
