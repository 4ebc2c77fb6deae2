/**
 * The machinery under {@link dev.torsion.web.websocket}: the incremental frame parser and its
 * encoder, incremental UTF-8 validation, permessage-deflate, the connection that runs one
 * WebSocket over a transport, and the handshakes. Not for applications: nothing here is a
 * promise. See docs/design/websocket.md.
 */
package dev.torsion.web.websocket.internal;
