// Writes a UTF-16 log with java.util.logging, as a Java service configured with
// java.util.logging.FileHandler.encoding=UTF-16 does: Java's UTF-16 encoder writes a big-endian byte-order
// mark and big-endian text. The exception message is a real PostgreSQL server's (passed in by capture.sh).
// Run: java Tests/Corpus/utf16/UTF16Log.java OUT MESSAGE
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

public class UTF16Log {
    public static void main(String[] args) throws Exception {
        FileHandler handler = new FileHandler(args[0]);
        handler.setEncoding("UTF-16");
        handler.setFormatter(new SimpleFormatter());
        Logger log = Logger.getLogger("com.example.kiosk.ReceiptRepository");
        log.setUseParentHandlers(false);
        log.addHandler(handler);
        log.info("loading receipts for till 3");
        log.log(Level.SEVERE, "receipt lookup failed", new java.sql.SQLException(args[1], "42P01"));
        handler.close();
    }
}
