package com.nexefii.bench;

import java.util.List;

/** Scenario 7: adapter hot swap under a steady command load; not in this iteration of the benchmarks. */
public final class AdapterHotSwapScenario implements Scenario {

    @Override
    public int number() {
        return 7;
    }

    @Override
    public String title() {
        return "Adapter hot swap under a steady command load (gap in service, lost events)";
    }

    @Override
    public List<Figure> run(BenchSettings settings) {
        return List.of(Figure.notRun(7, "service gap and lost events while a lock adapter bundle is updated",
                "harness not written yet (needs the gateway runtime with the lock router and a Deployment Admin "
                        + "update under the fixed-rate load); the in-framework tests of lock.tcp and lock.simulator "
                        + "cover hot swap functionally"));
    }
}
