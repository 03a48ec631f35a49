package com.nexefii.cloud.infrastructure.persistence;

import java.sql.SQLException;

/** An unexpected database failure; reported as a 500 without its details. */
public class PersistenceFailure extends RuntimeException {

    private final String sqlState;

    public PersistenceFailure(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.sqlState = cause.getSQLState();
    }

    public boolean uniqueViolation() {
        return "23505".equals(sqlState);
    }

    public boolean foreignKeyViolation() {
        return "23503".equals(sqlState);
    }

    public String sqlState() {
        return sqlState;
    }
}
