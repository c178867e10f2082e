// The sample `app` database: a few tables with auto-increment keys and rows, loadable on any
// source through the master user (so it is binlogged like an application's writes).
import type { DatabaseServer } from './servers/database-server.js'

export const SAMPLE_SQL = `
CREATE DATABASE IF NOT EXISTS app;
CREATE TABLE IF NOT EXISTS app.users (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(255) NOT NULL UNIQUE,
  name VARCHAR(100) NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS app.books (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title VARCHAR(255) NOT NULL,
  author VARCHAR(255) NOT NULL,
  published_year SMALLINT NULL
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS app.orders (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id INT UNSIGNED NOT NULL,
  book_id INT UNSIGNED NOT NULL,
  quantity INT NOT NULL DEFAULT 1,
  ordered_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY user_id (user_id),
  KEY book_id (book_id)
) ENGINE=InnoDB;
INSERT INTO app.users (email, name) VALUES
  ('ada@example.com', 'Ada'), ('grace@example.com', 'Grace'), ('linus@example.com', 'Linus'),
  ('barbara@example.com', 'Barbara'), ('ken@example.com', 'Ken');
INSERT INTO app.books (title, author, published_year) VALUES
  ('The Art of Computer Programming', 'Donald Knuth', 1968), ('Structure and Interpretation of Computer Programs', 'Abelson and Sussman', 1985),
  ('High Performance MySQL', 'Schwartz et al.', 2004), ('Designing Data-Intensive Applications', 'Martin Kleppmann', 2017),
  ('Database Internals', 'Alex Petrov', 2019);
INSERT INTO app.orders (user_id, book_id, quantity) VALUES (1, 1, 1), (2, 3, 2), (3, 4, 1), (4, 2, 1), (5, 5, 3), (1, 4, 1);
`

/** Loads the sample database as root (binlogged, as an application's writes would be). */
export async function loadSampleData(server: DatabaseServer): Promise<void> {
  await server.query(SAMPLE_SQL)
}
