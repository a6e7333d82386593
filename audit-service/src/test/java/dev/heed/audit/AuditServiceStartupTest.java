package dev.heed.audit;

import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.quarkus.ServicePlatformContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** audit-service starts on the real broker and database and serves its platform endpoints. */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class AuditServiceStartupTest extends ServicePlatformContract {

    @Override
    protected String serviceName() {
        return "audit-service";
    }
}
