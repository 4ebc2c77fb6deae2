/**
 * SMTP, Twisted's {@code twisted.mail.smtp}: the ESMTP server ({@link
 * dev.torsion.mail.smtp.ESMTPFactory}) that delivers to Maildirs through a {@link
 * dev.torsion.mail.smtp.MessageDelivery}, and the client ({@link
 * dev.torsion.mail.smtp.SMTPClient#sendmail}).
 */
package dev.torsion.mail.smtp;
