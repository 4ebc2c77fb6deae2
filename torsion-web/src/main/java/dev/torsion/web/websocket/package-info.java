/**
 * WebSocket (RFC 6455) with permessage-deflate (RFC 7692), server and client, in the manner of
 * Autobahn's Twisted API: subclass {@link dev.torsion.web.websocket.WebSocketProtocol} and
 * override {@code textMessageReceived}, {@code binaryMessageReceived}, {@code onClose}...; serve
 * it with a {@link dev.torsion.web.websocket.WebSocketResource} in any Site's tree, or connect
 * to a {@code ws://} or {@code wss://} URL with {@link dev.torsion.web.websocket.WebSocketClient}.
 * Limits and options are in {@link dev.torsion.web.websocket.WebSocketOptions}; the design is in
 * docs/design/websocket.md.
 */
package dev.torsion.web.websocket;
