# A Ruby service on ActiveRecord 6.1 and the pg gem (Debian's ruby-activerecord, ruby-pg) failing against a real
# PostgreSQL server the ways this corpus provokes in every stack, printed as Ruby services print them: Logger error
# lines with "#{e.class}: #{e.message}" or e.full_message, and last an uncaught exception as ruby prints it when it
# ends the program. Run by capture.sh (env: PGHOST, PGPORT, PGUSER, PGDATABASE; DOWN_PORT is a port nothing
# listens on).
require 'logger'
require 'active_record'

LOG = Logger.new($stderr)
DB = { adapter: 'postgresql', host: ENV['PGHOST'], port: ENV['PGPORT'].to_i, database: ENV['PGDATABASE'],
       username: ENV['PGUSER'] }.freeze

class ApplicationRecord < ActiveRecord::Base
  self.abstract_class = true
end

class Customer < ApplicationRecord; end
class Order < ApplicationRecord; end
class Account < ApplicationRecord; end

ActiveRecord::Base.establish_connection(DB.merge(pool: 3))
conn = ActiveRecord::Base.connection

failing = [
  ['GET /api/invoices', 'SELECT * FROM invoices'],
  ['GET /api/orders/shipped', 'SELECT id, shipped_at FROM orders'],
  ['POST /api/customers', -> { Customer.create!(email: 'ada@example.com', name: 'Ada L.') }],
  ['POST /api/orders', -> { Order.create!(customer_id: 999, total: 10) }],
  ['POST /api/customers/guest', -> { Customer.create!(name: 'Guest') }],
  ['POST /api/orders/refund', -> { Order.create!(customer_id: 1, total: -5) }],
  ['GET /api/report', 'SELEC id FROM orders'],
  ['GET /api/orders/abc', "SELECT * FROM orders WHERE id = 'abc'"],
  ['POST /api/orders/bulk', 'INSERT INTO orders (customer_id, total, quantity) VALUES (1, 10, 70000)'],
  ['GET /api/orders/average', 'SELECT count(*) / 0 FROM orders'],
  ['PATCH /api/customers/1', "UPDATE customers SET name = 'Ada Augusta King, Countess of Lovelace' WHERE id = 1"],
  ['GET /api/orders/tax', "SELECT order_tax(total) FROM orders"],
  ['GET /api/audit', "SELECT * FROM audit_log"],
]
failing.each_with_index do |(request, work), i|
  LOG.info(request)
  begin
    work.is_a?(String) ? conn.execute(work) : work.call
  rescue ActiveRecord::ActiveRecordError => e
    if i.even?
      LOG.error("#{e.class}: #{e.message}")
    else
      LOG.error("#{request} failed\n#{e.full_message(highlight: false)}")
    end
  end
end

def other_connection(overrides)
  Class.new(ActiveRecord::Base) do
    self.abstract_class = true
    def self.name = 'Replica'
  end.tap { |klass| klass.establish_connection(DB.merge(overrides)) }.connection
end

LOG.info('GET /api/health (replica on a wrong port)')
begin
  other_connection(port: ENV['DOWN_PORT'].to_i)
rescue ActiveRecord::ActiveRecordError => e
  LOG.error("#{e.class}: #{e.message}")
end
LOG.info('GET /api/reports (as reporting)')
begin
  other_connection(username: 'reporting', password: 'not-the-password')
rescue ActiveRecord::ActiveRecordError => e
  LOG.error(e.full_message(highlight: false))
end
LOG.info('GET /api/rates (replica on a host that does not resolve)')
begin
  other_connection(host: 'db.invalid')
rescue ActiveRecord::ActiveRecordError => e
  LOG.error(e.full_message(highlight: false))
end
LOG.info('GET /api/archive')
begin
  other_connection(database: 'shop_archive')
rescue ActiveRecord::ActiveRecordError => e
  LOG.error("#{e.class}: #{e.message}")
end

LOG.info('GET /api/reports/slow')
begin
  conn.execute("SET statement_timeout = '100ms'")
  conn.execute('SELECT pg_sleep(2)')
rescue ActiveRecord::ActiveRecordError => e
  LOG.error(e.full_message(highlight: false))
end
conn.execute('RESET statement_timeout')

LOG.info('POST /api/transfers (two at once)')
a = ActiveRecord::Base.connection_pool.checkout
b = ActiveRecord::Base.connection_pool.checkout
a.begin_db_transaction
b.begin_db_transaction
a.execute('UPDATE accounts SET balance = balance - 10 WHERE id = 1')
b.execute('UPDATE accounts SET balance = balance - 10 WHERE id = 2')
first = Thread.new do
  a.execute('UPDATE accounts SET balance = balance + 10 WHERE id = 2')
  a.commit_db_transaction
rescue ActiveRecord::ActiveRecordError => e
  LOG.error("#{e.class}: #{e.message}")
  a.rollback_db_transaction
end
sleep 0.2
begin
  b.execute('UPDATE accounts SET balance = balance + 10 WHERE id = 1')
  b.commit_db_transaction
rescue ActiveRecord::ActiveRecordError => e
  LOG.error("#{e.class}: #{e.message}")
  b.rollback_db_transaction
end
first.join

LOG.info('POST /api/accounts/2/close')
a.begin_db_transaction
a.execute('SELECT * FROM accounts WHERE id = 2 FOR UPDATE')
begin
  b.execute('SELECT * FROM accounts WHERE id = 2 FOR UPDATE NOWAIT')
rescue ActiveRecord::ActiveRecordError => e
  LOG.error("#{e.class}: #{e.message}")
end
a.rollback_db_transaction

LOG.info('POST /api/accounts/1/interest')
a.execute('BEGIN ISOLATION LEVEL REPEATABLE READ')
a.execute('SELECT balance FROM accounts WHERE id = 1')
b.execute('UPDATE accounts SET balance = balance + 1 WHERE id = 1')
begin
  a.execute('UPDATE accounts SET balance = balance * 2 WHERE id = 1')
rescue ActiveRecord::ActiveRecordError => e
  LOG.error(e.full_message(highlight: false))
end
a.execute('ROLLBACK')

LOG.info('GET /api/customers/ada/orders')
# Uncaught: ruby prints the exception and its backtrace, and exits with 1.
conn.select_all("SELECT * FROM orders WHERE customer_id = (SELECT id FROM customer WHERE email = 'ada@example.com')")
