package dev.torsion.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Netty's HTTP/2 hello world for the h2 rows: h2c with prior knowledge (what h2load speaks to an
 * http:// URL), {@code Http2FrameCodec} and one handler answering every request stream with
 * {@code Hello, World!}, on one event loop thread (NIO or epoll).
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.NettyHttp2Server 8080 nio
 * }</pre>
 */
public final class NettyHttp2Server {
  private static final ByteBuf HELLO =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer().writeBytes("Hello, World!".getBytes(StandardCharsets.US_ASCII)));

  private NettyHttp2Server() {}

  /** Answers each request's HEADERS frame with a response head and one DATA frame. */
  static final class HelloHandler extends ChannelDuplexHandler {
    private String date = "";
    private long dateSecond = -1;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2HeadersFrame request && request.isEndStream()) {
        Http2Headers headers = new DefaultHttp2Headers().status("200")
            .set("content-type", "text/plain").set("server", "Netty").set("date", date())
            .setInt("content-length", HELLO.readableBytes());
        ctx.write(new DefaultHttp2HeadersFrame(headers).stream(request.stream()));
        ctx.write(new DefaultHttp2DataFrame(HELLO.duplicate(), true).stream(request.stream()));
      }
      ReferenceCountUtil.release(msg);
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
            ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new HelloHandler());
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    BenchMain.announce(((InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }
}
