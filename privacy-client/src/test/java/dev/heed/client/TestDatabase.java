package dev.heed.client;

import dev.heed.testkit.HeedInfra;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** The downstream system's own database, on the test kit's real PostgreSQL. */
final class TestDatabase {

    private TestDatabase() {
    }

    static DataSource dataSource() {
        HeedInfra infra = HeedInfra.get();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(infra.jdbcUrl("privacy_client"));
        dataSource.setUser(infra.username());
        dataSource.setPassword(infra.password());
        return dataSource;
    }
}
