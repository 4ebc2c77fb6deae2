package dev.torsion.mail.relay;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes a bounce in the RFC 3464 shape: a multipart/report with a text/plain part for people, a
 * message/delivery-status part for programs, and the original headers.
 *
 * <pre>{@code
 * byte[] dsn = DeliveryStatus.bounce("mail.example.com", "alice@example.com",
 *     Map.of("bob@example.org", "550 5.1.1 no such user"), original);
 * }</pre>
 */
public final class DeliveryStatus {
  private DeliveryStatus() {}

  /**
   * A DSN to {@code sender} saying each of {@code failed} (recipient to final answer) could not
   * be delivered.
   */
  public static byte[] bounce(String reportingHost, String sender, Map<String, String> failed,
      byte[] original) {
    String boundary = "=_torsion_" + Long.toHexString(System.nanoTime());
    StringBuilder m = new StringBuilder();
    m.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingHost).append(">\r\n");
    m.append("To: <").append(sender).append(">\r\n");
    m.append("Subject: Undelivered Mail Returned to Sender\r\n");
    m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()))
        .append("\r\n");
    m.append("Auto-Submitted: auto-replied\r\n"); // RFC 3834: no bounce loops
    m.append("MIME-Version: 1.0\r\n");
    m.append("Content-Type: multipart/report; report-type=delivery-status; boundary=\"")
        .append(boundary).append("\"\r\n\r\n");
    m.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
    m.append("Your message could not be delivered to these recipients:\r\n\r\n");
    for (Map.Entry<String, String> f : failed.entrySet()) {
      m.append("  <").append(f.getKey()).append(">: ").append(oneLine(f.getValue())).append("\r\n");
    }
    m.append("\r\n--").append(boundary).append("\r\nContent-Type: message/delivery-status\r\n\r\n");
    // RFC 3464 2.2: per-message fields, then a blank line before each recipient's block.
    m.append("Reporting-MTA: dns; ").append(reportingHost).append("\r\n");
    for (Map.Entry<String, String> f : failed.entrySet()) {
      String answer = oneLine(f.getValue());
      m.append("\r\nFinal-Recipient: rfc822; ").append(f.getKey()).append("\r\n");
      m.append("Action: failed\r\n");
      m.append("Status: ").append(status(answer)).append("\r\n");
      if (answer.matches("[2-5][0-9][0-9].*")) {
        m.append("Diagnostic-Code: smtp; ").append(answer).append("\r\n");
      }
    }
    m.append("\r\n--").append(boundary).append("\r\nContent-Type: text/rfc822-headers\r\n\r\n");
    m.append(headers(original));
    m.append("\r\n--").append(boundary).append("--\r\n");
    return m.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\x00]+", " ").trim();
  }

  /** The enhanced status code from the answer (RFC 3463), else 5.0.0 / 4.4.7 for expiry. */
  private static String status(String answer) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^[245][0-9][0-9][ -]([245]\\.[0-9]{1,3}\\.[0-9]{1,3})")
            .matcher(answer);
    if (m.find()) {
      return "5" + m.group(1).substring(1);
    }
    return answer.startsWith("5") ? "5.0.0" : "4.4.7";
  }

  private static String headers(byte[] original) {
    String s = new String(original, StandardCharsets.ISO_8859_1);
    int end = s.indexOf("\r\n\r\n");
    return end < 0 ? s + "\r\n" : s.substring(0, end + 2);
  }

}
