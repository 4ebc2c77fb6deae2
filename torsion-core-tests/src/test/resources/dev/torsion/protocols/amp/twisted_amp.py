"""Twisted's side of AmpInteropTest: the commands of Twisted's ampserver.py and one with every type.

    twisted_amp.py server          listen on 127.0.0.1, print "PORT n", serve until killed
    twisted_amp.py client PORT     call the Java server, print one line per result, exit 0
"""
import datetime
import decimal
import sys

from twisted.internet import defer, endpoints, reactor, task
from twisted.internet.protocol import Factory
from twisted.protocols import amp


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class Divide(amp.Command):
    arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
    response = [(b"result", amp.Float())]
    errors = {ZeroDivisionError: b"ZERO_DIVISION"}


EVERYTHING = [
    (b"i", amp.Integer()), (b"big", amp.Integer()), (b"s", amp.String()),
    (b"u", amp.Unicode()), (b"flag", amp.Boolean()), (b"ratio", amp.Float()),
    (b"d", amp.Decimal()), (b"when", amp.DateTime()), (b"numbers", amp.ListOf(amp.Integer())),
    (b"people", amp.AmpList([(b"name", amp.Unicode()), (b"age", amp.Integer())])),
    (b"from", amp.Unicode()), (b"note", amp.Unicode(optional=True)),
]


class Everything(amp.Command):
    arguments = EVERYTHING
    response = EVERYTHING


class Boom(amp.Command):
    arguments = []
    response = []


class Nope(amp.Command):
    arguments = []
    response = []


class Notify(amp.Command):
    arguments = [(b"text", amp.Unicode())]
    requiresAnswer = False


class Notes(amp.Command):
    arguments = []
    response = [(b"texts", amp.ListOf(amp.Unicode()))]


class Math(amp.AMP):
    def __init__(self):
        amp.AMP.__init__(self)
        self.notes = []

    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}

    @Divide.responder
    def divide(self, numerator, denominator):
        return {"result": numerator / denominator}

    @Everything.responder
    def everything(self, **kw):  # no key may be "f": maybeDeferred(f, **kw) takes that name
        return kw

    @Boom.responder
    def boom(self):
        raise RuntimeError("boom")

    @Notify.responder
    def notify(self, text):
        self.notes.append(text)
        return {}

    @Notes.responder
    def list_notes(self):
        return {"texts": self.notes}


def serve():
    from twisted.python import log
    log.startLogging(sys.stderr, setStdout=False)
    ep = endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1")
    d = ep.listen(Factory.forProtocol(Math))

    def listening(port):
        print("PORT", port.getHost().port, flush=True)

    d.addCallback(listening)
    reactor.run()


SAMPLE = {
    "i": -42, "big": 123456789012345678901234567890, "s": b"\x00\x01\xffx",
    "u": "h\u00e9llo \u2603", "flag": True, "ratio": 2.5, "d": decimal.Decimal("1.50"),
    "when": datetime.datetime(2012, 1, 23, 12, 34, 56, 54321,
                              tzinfo=datetime.timezone(-datetime.timedelta(hours=1, minutes=23))),
    "numbers": [1, 2, 3], "people": [{"name": "alice", "age": 30}, {"name": "bob", "age": 41}],
    "From": "carol",  # Twisted's Python name for the key b"from", a keyword
}


@defer.inlineCallbacks
def client(reactor, port):
    ep = endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", port)
    proto = yield endpoints.connectProtocol(ep, amp.AMP())
    r = yield proto.callRemote(Sum, a=13, b=81)
    print("sum", r["total"])
    r = yield proto.callRemote(Divide, numerator=10, denominator=4)
    print("divide", r["result"])
    try:
        yield proto.callRemote(Divide, numerator=1, denominator=0)
        print("divide-by-zero did not fail")
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
    r = yield proto.callRemote(Everything, **SAMPLE)
    r.pop("note", None)
    print("everything", "equal" if r == SAMPLE else "DIFFERENT %r" % (r,))
    try:
        yield proto.callRemote(Nope)
        print("nope did not fail")
    except amp.UnhandledCommand as e:
        print("UnhandledCommand")
    try:
        yield proto.callRemote(Boom)
        print("boom did not fail")
    except amp.UnknownRemoteError as e:
        print("UnknownRemoteError", e)
    proto.callRemote(Notify, text="hello from python")
    r = yield proto.callRemote(Notes)
    print("notes", r["texts"])
    proto.transport.loseConnection()


if __name__ == "__main__":
    if sys.argv[1] == "server":
        serve()
    else:
        task.react(client, [int(sys.argv[2])])
