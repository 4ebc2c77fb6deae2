package dev.torsion.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Netty's transport for a bench server: NIO, or epoll when its native library loads. One event
 * loop thread serves both accept and I/O, as Torsion's one reactor thread does.
 */
final class NettyTransports {
  final EventLoopGroup group;
  final Class<? extends ServerChannel> serverChannel;

  private NettyTransports(EventLoopGroup group, Class<? extends ServerChannel> serverChannel) {
    this.group = group;
    this.serverChannel = serverChannel;
  }

  static NettyTransports of(String name) {
    switch (name) {
      case "nio":
        return new NettyTransports(new NioEventLoopGroup(1), NioServerSocketChannel.class);
      case "epoll":
        if (!Epoll.isAvailable()) {
          throw new IllegalStateException("netty epoll unavailable", Epoll.unavailabilityCause());
        }
        return new NettyTransports(new EpollEventLoopGroup(1), EpollServerSocketChannel.class);
      default:
        throw new IllegalArgumentException("transport must be nio or epoll: " + name);
    }
  }
}
