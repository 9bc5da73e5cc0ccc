// A Go service on database/sql failing against a real PostgreSQL server the ways this corpus provokes in every
// stack, printed as Go services print them: log.Printf("...: %v", err). `shop postgres` runs it on lib/pq,
// `shop pgx` on pgx v4's stdlib driver (Debian's golang-github-lib-pq-dev, golang-github-jackc-pgx-v4-dev). Run by
// capture.sh (env: PGHOST, PGPORT, PGUSER, PGDATABASE; DOWN_PORT is a port nothing listens on).
package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v4/stdlib"
	_ "github.com/lib/pq"
)

var driver = os.Args[1]

func dsn(port, database, user, password string) string {
	s := fmt.Sprintf("host=%s port=%s dbname=%s user=%s sslmode=disable", os.Getenv("PGHOST"), port, database, user)
	if password != "" {
		s += " password=" + password
	}
	return s
}

func open(port, database, user, password string) (*sql.DB, error) {
	db, err := sql.Open(driver, dsn(port, database, user, password))
	if err != nil {
		return nil, err
	}
	return db, db.Ping()
}

func main() {
	ctx := context.Background()
	port, database, user := os.Getenv("PGPORT"), os.Getenv("PGDATABASE"), os.Getenv("PGUSER")
	db, err := open(port, database, user, "")
	if err != nil {
		log.Fatalf("connect: %v", err)
	}
	failing := [][2]string{
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
	}
	for _, f := range failing {
		log.Printf("%s", f[0])
		if _, err := db.Exec(f[1]); err != nil {
			log.Printf("%s failed: %v", f[0], err)
		}
	}

	log.Printf("GET /api/health (replica on a wrong port)")
	if _, err := open(os.Getenv("DOWN_PORT"), database, user, ""); err != nil {
		log.Printf("health check failed: %v", err)
	}
	log.Printf("GET /api/reports (as reporting)")
	if _, err := open(port, database, "reporting", "not-the-password"); err != nil {
		log.Printf("reports: %v", err)
	}
	log.Printf("GET /api/rates (replica on a host that does not resolve)")
	if rates, err := sql.Open(driver, fmt.Sprintf("host=db.invalid port=%s dbname=%s user=%s sslmode=disable connect_timeout=5", port, database, user)); err != nil {
		log.Printf("rates unavailable: %v", err)
	} else if err := rates.Ping(); err != nil {
		log.Printf("rates unavailable: %v", err)
	}
	log.Printf("GET /api/archive")
	if _, err := open(port, "shop_archive", user, ""); err != nil {
		log.Printf("archive unavailable: %v", err)
	}

	log.Printf("GET /api/reports/slow")
	conn, _ := db.Conn(ctx)
	conn.ExecContext(ctx, "SET statement_timeout = '100ms'")
	if _, err := conn.ExecContext(ctx, "SELECT pg_sleep(2)"); err != nil {
		log.Printf("slow report: %v", err)
	}
	conn.ExecContext(ctx, "RESET statement_timeout")
	conn.Close()

	log.Printf("POST /api/transfers (two at once)")
	a, _ := db.BeginTx(ctx, nil)
	b, _ := db.BeginTx(ctx, nil)
	a.Exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1")
	b.Exec("UPDATE accounts SET balance = balance - 10 WHERE id = 2")
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := a.Exec("UPDATE accounts SET balance = balance + 10 WHERE id = 2"); err != nil {
			log.Printf("transfer failed: %v", err)
			a.Rollback()
			return
		}
		a.Commit()
	}()
	time.Sleep(200 * time.Millisecond)
	if _, err := b.Exec("UPDATE accounts SET balance = balance + 10 WHERE id = 1"); err != nil {
		log.Printf("transfer failed: %v", err)
		b.Rollback()
	} else {
		b.Commit()
	}
	wg.Wait()

	log.Printf("POST /api/accounts/2/close")
	holder, _ := db.BeginTx(ctx, nil)
	holder.Exec("SELECT * FROM accounts WHERE id = 2 FOR UPDATE")
	if _, err := db.Exec("SELECT * FROM accounts WHERE id = 2 FOR UPDATE NOWAIT"); err != nil {
		log.Printf("close account: %v", err)
	}
	holder.Rollback()

	log.Printf("POST /api/accounts/1/interest")
	tx, _ := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	var balance int
	tx.QueryRow("SELECT balance FROM accounts WHERE id = 1").Scan(&balance)
	db.Exec("UPDATE accounts SET balance = balance + 1 WHERE id = 1")
	if _, err := tx.Exec("UPDATE accounts SET balance = balance * 2 WHERE id = 1"); err != nil {
		log.Printf("interest: %v", err)
	}
	tx.Rollback()
	db.Close()
}
