package dev.torsion.bench;

import dev.torsion.internet.ssl.KeyMaterial;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * Netty's side of the echo, ping-pong, TLS and idle rows: a handler that writes back what it
 * reads and flushes once per read burst, on one event loop thread; TLS on the JDK's SSLEngine
 * ({@code SslProvider.JDK}) so both sides of the TLS row use the same crypto.
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.NettyEchoServer 9000 nio
 * java -cp ... dev.torsion.bench.NettyEchoServer 9443 nio --tls server.pem
 * }</pre>
 */
public final class NettyEchoServer {
  private NettyEchoServer() {}

  @ChannelHandler.Sharable
  static final class EchoHandler extends ChannelInboundHandlerAdapter {
    static final EchoHandler INSTANCE = new EchoHandler();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    NettyTransports t = NettyTransports.of(args.length > 1 ? args[1] : "nio");
    String pem = BenchMain.option(args, "--tls", null);
    SslContext ssl = null;
    if (pem != null) {
      KeyMaterial km = KeyMaterial.fromPem(Path.of(pem));
      ssl = SslContextBuilder
          .forServer(km.privateKey(), km.chain().toArray(new X509Certificate[0]))
          .sslProvider(SslProvider.JDK)
          .build();
    }
    SslContext tls = ssl;
    Channel server = new ServerBootstrap()
        .group(t.group)
        .channel(t.serverChannel)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()));
            }
            ch.pipeline().addLast(EchoHandler.INSTANCE);
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    BenchMain.announce(((InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }
}
