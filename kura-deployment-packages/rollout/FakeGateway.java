import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Test double of a gateway's Deployment Packages JSON API for rolling-upgrade-test.sh: answers every
 * install with the given outcome and appends "gateway-name" to a log so the test sees who was asked.
 * Usage: java FakeGateway.java NAME OUTCOME LOGFILE PORTFILE
 */
public class FakeGateway {
    public static void main(String[] args) throws IOException {
        String name = args[0];
        String outcome = args[1];
        Path log = Path.of(args[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/system/console/deployment", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Files.writeString(log, name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            boolean ok = !outcome.equals("rejected");
            String body = ok
                    ? "{\"name\":\"com.nexefii.dp.lock.ble\",\"outcome\":\"" + outcome + "\",\"version\":\"1.4.0\"}"
                    : "{\"type\":\"about:blank\",\"title\":\"Deployment package refused\",\"status\":422}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", ok ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(ok ? 200 : 422, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        Files.writeString(Path.of(args[3]), Integer.toString(server.getAddress().getPort()));
    }
}
