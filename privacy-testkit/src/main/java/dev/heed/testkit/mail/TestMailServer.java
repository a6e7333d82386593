package dev.heed.testkit.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * One real SMTP server (GreenMail) per test JVM, started on first use on a free port of
 * 127.0.0.1: services under test deliver to it over SMTP, tests read what arrived.
 */
public final class TestMailServer {

    private static TestMailServer instance;

    private final GreenMail server;
    private final int smtpPort;

    private TestMailServer(int smtpPort) {
        this.smtpPort = smtpPort;
        this.server = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-mail-server-stop"));
    }

    /** The JVM's server, started on first call. */
    public static synchronized TestMailServer get() {
        if (instance == null) {
            instance = new TestMailServer(freePort());
        }
        return instance;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** A delivered message, as the recipient reads it. */
    public record ReceivedMail(List<String> to, String from, String subject, String body) {
    }

    /** Every message delivered so far to {@code address}, oldest first. */
    public List<ReceivedMail> messagesTo(String address) {
        return Arrays.stream(server.getReceivedMessages())
                .map(TestMailServer::read)
                .filter(mail -> mail.to().stream().anyMatch(address::equalsIgnoreCase))
                .toList();
    }

    /** Every message delivered so far. */
    public List<ReceivedMail> all() {
        return Arrays.stream(server.getReceivedMessages()).map(TestMailServer::read).toList();
    }

    private static ReceivedMail read(MimeMessage message) {
        try {
            List<String> to = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .map(Object::toString).toList();
            return new ReceivedMail(to, message.getFrom()[0].toString(), message.getSubject(),
                    GreenMailUtil.getBody(message).replace("\r\n", "\n"));
        } catch (MessagingException e) {
            throw new IllegalStateException("a delivered message does not parse", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
