package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.rollout.PackageStage;
import com.nexefii.cloud.domain.model.rollout.Rollout;
import com.nexefii.cloud.domain.model.rollout.RolloutPolicy;
import com.nexefii.cloud.domain.model.rollout.RolloutRepository;
import com.nexefii.cloud.domain.model.rollout.RolloutState;
import com.nexefii.cloud.domain.model.rollout.RolloutStep;
import com.nexefii.cloud.domain.model.rollout.SoftwarePackage;
import com.nexefii.cloud.infrastructure.persistence.SqlWork;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Packages and rollouts are platform tables: read and written in the caller's property transaction when
 * there is one (a rollout step commits with its rollout), else on their own. Steps are tenant rows.
 */
@ApplicationScoped
public class JdbcRolloutRepository implements RolloutRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PACKAGE = "package_id, name, version, sha256, size, uploaded_by, uploaded_at";
    private static final String ROLLOUT = "rollout_id, package_id, state, targets::text, position, current_command_id,"
            + " current_sent_at, step_timeout_seconds, started_by, started_at, finished_at, stopped_property_id,"
            + " stopped_gateway_id, stop_reason, offline_wait_seconds, on_offline, waiting_since";
    private static final String STEP = "property_id, rollout_id, gateway_id, position, command_id, stage, detail,"
            + " sent_at, updated_at";

    private Transactions tx;

    protected JdbcRolloutRepository() {
    }

    @Inject
    public JdbcRolloutRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void addPackage(SoftwarePackage p, byte[] content) {
        update("insert into packages (package_id, name, version, sha256, size, content, uploaded_by, uploaded_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)", p.packageId(), p.name(), p.version(), p.sha256(), p.size(),
                content, p.uploadedBy(), p.uploadedAt());
    }

    @Override
    public Optional<SoftwarePackage> findPackage(UUID packageId) {
        return one("select " + PACKAGE + " from packages where package_id = ?", JdbcRolloutRepository::pkg, packageId);
    }

    @Override
    public Optional<SoftwarePackage> findPackage(String name, String version) {
        return one("select " + PACKAGE + " from packages where name = ? and version = ?", JdbcRolloutRepository::pkg,
                name, version);
    }

    @Override
    public Optional<byte[]> packageContent(UUID packageId) {
        return one("select content from packages where package_id = ?", rs -> rs.getBytes(1), packageId);
    }

    @Override
    public List<SoftwarePackage> listPackages() {
        return list("select " + PACKAGE + " from packages order by uploaded_at desc limit 500",
                JdbcRolloutRepository::pkg);
    }

    @Override
    public void addRollout(Rollout r) {
        update("insert into package_rollouts (rollout_id, package_id, state, targets, position, step_timeout_seconds,"
                + " started_by, started_at, offline_wait_seconds, on_offline) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.rolloutId(), r.packageId(), r.state(), new Statements.Jsonb(targets(r.targets())), r.position(),
                (int) r.stepTimeout().toSeconds(), r.startedBy(), r.startedAt(),
                (int) r.policy().offlineWait().toSeconds(), r.policy().onOffline().name());
    }

    @Override
    public Optional<Rollout> findRollout(UUID rolloutId) {
        return one("select " + ROLLOUT + " from package_rollouts where rollout_id = ?", JdbcRolloutRepository::rollout,
                rolloutId);
    }

    @Override
    public Optional<Rollout> lockRollout(UUID rolloutId) {
        return one("select " + ROLLOUT + " from package_rollouts where rollout_id = ? for update",
                JdbcRolloutRepository::rollout, rolloutId);
    }

    @Override
    public Optional<Rollout> lockRolloutByCommand(UUID commandId) {
        return one("select " + ROLLOUT + " from package_rollouts where current_command_id = ? for update",
                JdbcRolloutRepository::rollout, commandId);
    }

    @Override
    public List<Rollout> listRollouts(int limit) {
        return list("select " + ROLLOUT + " from package_rollouts order by started_at desc limit ?",
                JdbcRolloutRepository::rollout, limit);
    }

    @Override
    public List<UUID> runningRolloutIds() {
        return list("select rollout_id from package_rollouts where state = 'RUNNING'", rs -> rs.getObject(1, UUID.class));
    }

    @Override
    public void updateRollout(Rollout r) {
        update("update package_rollouts set state = ?, position = ?, current_command_id = ?, current_sent_at = ?,"
                + " finished_at = ?, stopped_property_id = ?, stopped_gateway_id = ?, stop_reason = ?,"
                + " waiting_since = ? where rollout_id = ?", r.state(), r.position(), r.currentCommandId(),
                r.currentSentAt(), r.finishedAt(), r.stoppedAt() == null ? null : r.stoppedAt().propertyId(),
                r.stoppedAt() == null ? null : r.stoppedAt().gatewayId(), r.stopReason(), r.waitingSince(),
                r.rolloutId());
    }

    @Override
    public void addStep(RolloutStep s) {
        update("insert into package_rollout_steps (" + STEP + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)", s.propertyId(),
                s.rolloutId(), s.gatewayId(), s.position(), s.commandId(), s.stage(), s.detail(), s.sentAt(),
                s.updatedAt());
    }

    @Override
    public void updateStep(PropertyId propertyId, UUID commandId, PackageStage stage, String detail,
            java.time.Instant at) {
        update("update package_rollout_steps set stage = ?, detail = coalesce(?, detail), updated_at = ?"
                + " where property_id = ? and command_id = ?", stage, detail, at, propertyId, commandId);
    }

    @Override
    public List<RolloutStep> steps(PropertyId propertyId, int limit) {
        return list("select " + STEP + " from package_rollout_steps where property_id = ?"
                + " order by sent_at desc limit ?", JdbcRolloutRepository::step, propertyId, limit);
    }

    // ---------------------------------------------------------------- mapping

    private static SoftwarePackage pkg(ResultSet rs) throws SQLException {
        return new SoftwarePackage(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getString(6), JsonColumns.instant(rs.getTimestamp(7)));
    }

    private static Rollout rollout(ResultSet rs) throws SQLException {
        String stoppedProperty = rs.getString(12);
        return new Rollout(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                RolloutState.valueOf(rs.getString(3)), targets(rs.getString(4)), rs.getInt(5),
                rs.getObject(6, UUID.class), JsonColumns.instant(rs.getTimestamp(7)), Duration.ofSeconds(rs.getInt(8)),
                rs.getString(9), JsonColumns.instant(rs.getTimestamp(10)), JsonColumns.instant(rs.getTimestamp(11)),
                stoppedProperty == null ? null
                        : new Rollout.Target(new PropertyId(stoppedProperty), rs.getString(13)),
                rs.getString(14), new RolloutPolicy(Duration.ofSeconds(rs.getInt(15)),
                        RolloutPolicy.OnOffline.valueOf(rs.getString(16))),
                JsonColumns.instant(rs.getTimestamp(17)));
    }

    private static RolloutStep step(ResultSet rs) throws SQLException {
        return new RolloutStep(new PropertyId(rs.getString(1)), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getInt(4), rs.getObject(5, UUID.class), PackageStage.valueOf(rs.getString(6)), rs.getString(7),
                JsonColumns.instant(rs.getTimestamp(8)), JsonColumns.instant(rs.getTimestamp(9)));
    }

    static String targets(List<Rollout.Target> targets) {
        ArrayNode array = JSON.createArrayNode();
        for (Rollout.Target t : targets) {
            array.addObject().put("propertyId", t.propertyId().value()).put("gatewayId", t.gatewayId());
        }
        return array.toString();
    }

    static List<Rollout.Target> targets(String json) {
        try {
            List<Rollout.Target> targets = new ArrayList<>();
            for (JsonNode t : JSON.readTree(json)) {
                targets.add(new Rollout.Target(new PropertyId(t.path("propertyId").asText()), t.path("gatewayId").asText()));
            }
            return targets;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("package_rollouts.targets is not the JSON this code writes", e);
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** In the caller's property transaction when there is one, else on a connection of its own. */
    private <T> T run(String description, SqlWork<T> work) {
        if (tx.boundProperty() != null) {
            return tx.sql(description, work);
        }
        return tx.unbound(work);
    }

    private int update(String sql, Object... params) {
        return run(sql, c -> {
            try (PreparedStatement ps = Statements.prepare(c, sql, params)) {
                return ps.executeUpdate();
            }
        });
    }

    private <T> List<T> list(String sql, Statements.Row<T> row, Object... params) {
        return run(sql, c -> {
            try (PreparedStatement ps = Statements.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(row.map(rs));
                }
                return result;
            }
        });
    }

    private <T> Optional<T> one(String sql, Statements.Row<T> row, Object... params) {
        List<T> rows = list(sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
