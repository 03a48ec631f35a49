package com.nexefii.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;

import com.nexefii.gateway.console.ConsoleCredentialsProvisioner.Decision;
import com.nexefii.gateway.console.ConsoleCredentialsProvisioner.Outcome;

class ConsoleCredentialsProvisionerTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void givenNoConsoleConfiguration_whenNoOperatorPassword_thenOneIsGeneratedAndOnlyItsHashStored() {
        Decision decision = ConsoleCredentialsProvisioner.decide(null, null, "admin", random);

        assertThat(decision.outcome()).isEqualTo(Outcome.GENERATED);
        String stored = (String) decision.properties().get("password");
        assertThat(stored).startsWith("{sha-256}").doesNotContain(decision.generatedPassword());
        assertThat(ConsolePassword.matches(stored, decision.generatedPassword())).isTrue();
        assertThat(decision.properties()).containsEntry("username", "admin")
                .containsEntry("realm", ConsoleCredentialsProvisioner.REALM);
    }

    @Test
    void givenAPasswordAlreadyConfigured_whenNoOperatorPassword_thenItIsKept() {
        Hashtable<String, Object> current = new Hashtable<>();
        current.put("password", ConsolePassword.hash("earlier", random));

        Decision decision = ConsoleCredentialsProvisioner.decide(current, null, "admin", random);

        assertThat(decision.outcome()).isEqualTo(Outcome.KEPT);
        assertThat(decision.properties()).isNull();
    }

    @Test
    void givenAConfigurationWithoutPassword_whenGenerated_thenItsOtherSettingsSurvive() {
        Hashtable<String, Object> current = new Hashtable<>();
        current.put("manager.root", "/console");

        Decision decision = ConsoleCredentialsProvisioner.decide(current, null, "tech", random);

        assertThat(decision.outcome()).isEqualTo(Outcome.GENERATED);
        assertThat(decision.properties()).containsEntry("manager.root", "/console").containsEntry("username", "tech");
    }

    @Test
    void givenAnOperatorPassword_whenADifferentOneIsStored_thenTheOperatorsReplacesIt_andIsNotRehashedNextStart() {
        Hashtable<String, Object> current = new Hashtable<>();
        current.put("username", "admin");
        current.put("password", ConsolePassword.hash("generated-before", random));

        Decision first = ConsoleCredentialsProvisioner.decide(current, "operator-choice", "admin", random);
        Decision next = ConsoleCredentialsProvisioner.decide(first.properties(), "operator-choice", "admin", random);

        assertThat(first.outcome()).isEqualTo(Outcome.OPERATOR_PASSWORD);
        assertThat(first.generatedPassword()).isNull();
        assertThat(ConsolePassword.matches((String) first.properties().get("password"), "operator-choice")).isTrue();
        assertThat(next.outcome()).isEqualTo(Outcome.KEPT);
    }

    @Test
    void whenTheBannerIsPrinted_thenItShowsUrlUserAndPasswordOnTheirOwnLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ConsoleCredentialsProvisioner.printBanner(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                "http://127.0.0.1:8080/system/console", "admin", "Pa55word");

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains(" Nexefii gateway web console: http://127.0.0.1:8080/system/console\n")
                .contains(" user:     admin\n")
                .contains(" password: Pa55word\n");
    }
}
