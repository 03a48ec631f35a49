package com.nexefii.bench;

import java.util.List;

/**
 * Scenario 5: an authenticated REST request on Payara vs the same endpoint without authentication.
 * Not measurable yet: the cloud has no endpoint that exists both with and without authentication
 * (every /api resource requires a token), so there is no like-for-like baseline. See FINDINGS.md
 * for the proposal (a pair of identical bench endpoints, one @PermitAll, one @RolesAllowed, behind
 * a test-only switch); the fixed-rate harness of scenario 1 would drive both.
 */
public final class AuthenticatedRestScenario implements Scenario {

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String title() {
        return "Authenticated REST request on Payara vs the same endpoint without authentication";
    }

    @Override
    public List<Figure> run(BenchSettings settings) {
        return List.of(Figure.notRun(5, "JWT-verified GET vs the same GET without authentication",
                "the cloud (cloud-ear) exposes no endpoint both with and without authentication, so the baseline "
                        + "cannot be taken on the same endpoint; proposal in /work/notes/requests.md and FINDINGS.md"));
    }
}
