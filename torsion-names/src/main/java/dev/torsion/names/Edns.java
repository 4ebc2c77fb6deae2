package dev.torsion.names;

import java.util.List;

/**
 * The EDNS(0) pseudo-record a message carries in its additional section (RFC 6891 6.1): the
 * UDP payload size the sender can receive, the extended rcode bits, version, DO flag and options.
 *
 * <pre>{@code
 * message.setEdns(Edns.of(1232));
 * }</pre>
 *
 * @param udpPayloadSize the largest UDP response the sender accepts (values under 512 mean 512)
 * @param extendedRcode the upper eight bits of the 12-bit rcode
 * @param version EDNS version; 0 is the only one defined
 * @param dnssecOk the DO bit (RFC 3225)
 * @param options the options, each code followed by its data
 */
public record Edns(int udpPayloadSize, int extendedRcode, int version, boolean dnssecOk,
    List<Option> options) {
  public Edns {
    options = List.copyOf(options);
  }

  /** EDNS version 0 with a payload size and no options. */
  public static Edns of(int udpPayloadSize) {
    return new Edns(udpPayloadSize, 0, 0, false, List.of());
  }

  /** One EDNS option (RFC 6891 6.1.2). */
  public record Option(int code, byte[] data) {
    public Option {
      data = data.clone();
    }
  }
}
