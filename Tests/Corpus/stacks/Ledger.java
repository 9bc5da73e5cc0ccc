// A small Java service that fails the ways Java apps print failures: java.util.logging records with a throwable
// (SEVERE and WARNING), printStackTrace of caught exceptions (a JDBC URL with its password, a rates service's 401
// for a URL with its key, one with a cause), an uncaught exception in a worker thread, and last one in main that
// ends the program. Run by capture.sh.
package com.example.ledger;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

public class Ledger {
    static final Logger LOG = Logger.getLogger("ledger.api");

    static class PostingRejected extends RuntimeException {
        PostingRejected(String message, Throwable cause) { super(message, cause); }
    }

    static long balance(String account) {
        if (account.startsWith("x")) throw new IllegalStateException("account " + account + " is frozen");
        return Long.parseLong(account);
    }

    static void post(String account) {
        try {
            balance(account);
        } catch (RuntimeException e) {
            throw new PostingRejected("posting to " + account + " rejected", e);
        }
    }

    public static void main(String[] args) throws Exception {
        // No JDBC driver on the class path: DriverManager's exception quotes the URL, password and all.
        try {
            DriverManager.getConnection("jdbc:postgresql://db.internal:5432/ledger?user=ledger&password=Ledg3r-S3cret-2026");
        } catch (SQLException e) { e.printStackTrace(); }
        // A rates service that refuses the key: HttpURLConnection's exception quotes the URL, key and all.
        HttpServer rates = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rates.createContext("/v1/rates", exchange -> { exchange.sendResponseHeaders(401, -1); exchange.close(); });
        rates.start();
        try {
            new URL("http://127.0.0.1:" + rates.getAddress().getPort() + "/v1/rates?base=EUR&api_key=rk_live_51Hq8TqLedger7Xy2").openStream();
        } catch (IOException e) { e.printStackTrace(); }
        rates.stop(0);
        LOG.info("GET /api/ledger/17");
        for (String account : new String[] {"x17", "x18"}) {
            try { balance(account); } catch (IllegalStateException e) { LOG.log(Level.SEVERE, "balance lookup failed", e); }
        }
        LOG.info("GET /api/ledger/abc");
        try { balance("abc"); } catch (NumberFormatException e) { LOG.log(Level.WARNING, "bad account id, answered 400", e); }
        LOG.info("POST /api/postings");
        try { post("x20"); } catch (PostingRejected e) { e.printStackTrace(); }
        Thread worker = new Thread(() -> { throw new ArithmeticException("interest rate table is empty"); }, "interest-worker");
        worker.start();
        worker.join();
        LOG.info("POST /api/close-month");
        post("x99");
    }
}
