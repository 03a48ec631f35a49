package com.nexefii.bench;

import java.util.List;

/** One scenario of issue 8: measures its figures and their baselines in the same run. */
public interface Scenario {

    int number();

    String title();

    /**
     * @return the figures; a figure that cannot be measured is {@link Figure#notRun} with the reason
     * @throws Exception when the scenario failed unexpectedly: reported as not run, with the cause
     */
    List<Figure> run(BenchSettings settings) throws Exception;
}
