// A small Java service that fails the ways Java apps print failures, with no rule of logmedic's in the text:
// java.util.logging records with a throwable (SEVERE and WARNING), printStackTrace of a caught exception with
// a cause, an uncaught exception in a worker thread, and last one in main that ends the program. Run by capture.sh.
package com.example.ledger;

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
