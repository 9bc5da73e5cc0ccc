// A Java 17 service on pgJDBC (Debian's libpostgresql-jdbc-java, 42.5) failing against a real PostgreSQL server the
// ways this corpus provokes in every stack, printed as Java services print them: java.util.logging SEVERE records
// with the throwable, e.printStackTrace(), and last an uncaught SQLException that ends main. Run by capture.sh (env:
// PGHOST, PGPORT, PGUSER, PGDATABASE; DOWN_PORT is a port nothing listens on).
package com.example.shop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

public class Shop {
    static final Logger LOG = Logger.getLogger("shop.api");
    static final String HOST = System.getenv("PGHOST");
    static final String PORT = System.getenv("PGPORT");

    static Connection connect(String port, String database, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port + "/" + database, props);
    }

    static Connection connect() throws SQLException {
        return connect(PORT, System.getenv("PGDATABASE"), System.getenv("PGUSER"), null);
    }

    public static void main(String[] args) throws Exception {
        Connection db = connect();
        String[][] failing = {
            {"GET /api/invoices", "SELECT * FROM invoices"},
            {"GET /api/orders/shipped", "SELECT id, shipped_at FROM orders"},
            {"POST /api/customers", "INSERT INTO customers (email, name) VALUES ('ada@example.com', 'Ada L.')"},
            {"POST /api/orders", "INSERT INTO orders (customer_id, total) VALUES (999, 10)"},
            {"POST /api/customers/guest", "INSERT INTO customers (name) VALUES ('Guest')"},
            {"POST /api/orders/refund", "INSERT INTO orders (customer_id, total) VALUES (1, -5)"},
            {"GET /api/report", "SELEC id FROM orders"},
            {"GET /api/orders/abc", "SELECT * FROM orders WHERE id = 'abc'"},
            {"POST /api/orders/bulk", "INSERT INTO orders (customer_id, total, quantity) VALUES (1, 10, 70000)"},
            {"GET /api/orders/average", "SELECT count(*) / 0 FROM orders"},
            {"PATCH /api/customers/1", "UPDATE customers SET name = 'Ada Augusta King, Countess of Lovelace' WHERE id = 1"},
            {"GET /api/orders/tax", "SELECT order_tax(total) FROM orders"},
            {"GET /api/audit", "SELECT * FROM audit_log"},
        };
        int n = 0;
        for (String[] f : failing) {
            LOG.info(f[0]);
            try (Statement st = db.createStatement()) {
                st.execute(f[1]);
            } catch (SQLException e) {
                if (n++ % 2 == 0) LOG.log(Level.SEVERE, f[0] + " failed", e);
                else e.printStackTrace();
            }
        }

        LOG.info("GET /api/health (replica on a wrong port)");
        try { connect(System.getenv("DOWN_PORT"), "shop", System.getenv("PGUSER"), null); }
        catch (SQLException e) { LOG.log(Level.SEVERE, "health check failed", e); }
        LOG.info("GET /api/reports (as reporting)");
        try { connect(PORT, "shop", "reporting", "not-the-password"); }
        catch (SQLException e) { e.printStackTrace(); }
        LOG.info("GET /api/rates (replica on a host that does not resolve)");
        try { DriverManager.getConnection("jdbc:postgresql://db.invalid:" + PORT + "/shop", System.getenv("PGUSER"), ""); }
        catch (SQLException e) { LOG.log(Level.SEVERE, "rates unavailable", e); }
        LOG.info("GET /api/archive");
        try { connect(PORT, "shop_archive", System.getenv("PGUSER"), null); }
        catch (SQLException e) { LOG.log(Level.SEVERE, "archive unavailable", e); }

        LOG.info("GET /api/reports/slow");
        try (Statement st = db.createStatement()) {
            st.execute("SET statement_timeout = '100ms'");
            st.execute("SELECT pg_sleep(2)");
        } catch (SQLException e) { e.printStackTrace(); }
        try (Statement st = db.createStatement()) { st.execute("RESET statement_timeout"); }

        LOG.info("POST /api/transfers (two at once)");
        Connection a = connect(), b = connect();
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        a.createStatement().execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
        b.createStatement().execute("UPDATE accounts SET balance = balance - 10 WHERE id = 2");
        Thread first = new Thread(() -> {
            try { a.createStatement().execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2"); a.commit(); }
            catch (SQLException e) { LOG.log(Level.SEVERE, "transfer failed", e); try { a.rollback(); } catch (SQLException ignored) { } }
        }, "transfer-1");
        first.start();
        Thread.sleep(200);
        try { b.createStatement().execute("UPDATE accounts SET balance = balance + 10 WHERE id = 1"); b.commit(); }
        catch (SQLException e) { LOG.log(Level.SEVERE, "transfer failed", e); b.rollback(); }
        first.join();

        LOG.info("POST /api/accounts/2/close");
        a.createStatement().execute("SELECT * FROM accounts WHERE id = 2 FOR UPDATE");
        b.setAutoCommit(true);
        try { b.createStatement().execute("SELECT * FROM accounts WHERE id = 2 FOR UPDATE NOWAIT"); }
        catch (SQLException e) { e.printStackTrace(); }
        a.rollback();

        LOG.info("POST /api/accounts/1/interest");
        a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        a.createStatement().execute("SELECT balance FROM accounts WHERE id = 1");
        b.createStatement().execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
        try { a.createStatement().execute("UPDATE accounts SET balance = balance * 2 WHERE id = 1"); }
        catch (SQLException e) { e.printStackTrace(); }
        a.rollback();
        a.close(); b.close(); db.close();

        LOG.info("GET /api/customers/ada/orders");
        // Uncaught: the JVM prints "Exception in thread "main"" and the stack, and exits with 1.
        connect().createStatement().executeQuery(
            "SELECT * FROM orders WHERE customer_id = (SELECT id FROM customer WHERE email = 'ada@example.com')");
    }
}
