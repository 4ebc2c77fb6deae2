package dev.torsion.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Netty's hello world for the HTTP rows: {@code HttpServerCodec} and a handler answering every
 * request with {@code Hello, World!} plus the Date and Server headers the other servers send, on
 * one event loop thread (NIO or epoll).
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.NettyHttpServer 8080 nio
 * }</pre>
 */
public final class NettyHttpServer {
  private static final ByteBuf HELLO =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer().writeBytes("Hello, World!".getBytes(StandardCharsets.US_ASCII)));

  private NettyHttpServer() {}

  /** Writes the hello response for each request head; flushes once per read burst. */
  static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
    private String date = "";
    private long dateSecond = -1;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest)) {
        return;
      }
      HttpRequest request = (HttpRequest) msg;
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, HELLO.duplicate());
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
          .set(HttpHeaderNames.SERVER, "Netty")
          .set(HttpHeaderNames.DATE, date())
          .setInt(HttpHeaderNames.CONTENT_LENGTH, HELLO.readableBytes());
      if (HttpUtil.isKeepAlive(request)) {
        ctx.write(response);
      } else {
        ctx.write(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private String date() {
      long now = System.currentTimeMillis() / 1000;
      if (now != dateSecond) {
        dateSecond = now;
        date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
      }
      return date;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    NettyTransports t = NettyTransports.of(args.length > 1 ? args[1] : "nio");
    Channel server = new ServerBootstrap()
        .group(t.group)
        .channel(t.serverChannel)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    BenchMain.announce(((InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }
}
