package com.nexefii.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class ConsolePasswordTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void givenAGeneratedPassword_whenHashed_thenTheWebConsoleItselfAcceptsItAndNothingElse() throws Exception {
        String password = ConsolePassword.generate(random);
        String hash = ConsolePassword.hash(password, random);

        assertThat(webConsoleAccepts(hash, password)).isTrue();
        assertThat(webConsoleAccepts(hash, password + "x")).isFalse();
        assertThat(webConsoleAccepts(hash, "admin")).isFalse();
    }

    @Test
    void givenAHash_thenItIsSaltedIteratedAndHoldsNoClearText() {
        String hash = ConsolePassword.hash("s3cret-Passw0rd", random);

        assertThat(hash).startsWith("{sha-256}").contains("-1000-").doesNotContain("s3cret");
        assertThat(ConsolePassword.hash("s3cret-Passw0rd", random)).as("a new salt each time").isNotEqualTo(hash);
    }

    @Test
    void givenStoredPasswordsInEveryWebConsoleForm_whenMatched_thenTheRightPasswordMatches() {
        String webConsoleDefaultAdmin = "{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=";

        assertThat(ConsolePassword.matches(webConsoleDefaultAdmin, "admin")).isTrue();
        assertThat(ConsolePassword.matches(webConsoleDefaultAdmin, "Admin")).isFalse();
        assertThat(ConsolePassword.matches("plain", "plain")).isTrue();
        assertThat(ConsolePassword.matches(ConsolePassword.hash("p", random), "p")).isTrue();
        assertThat(ConsolePassword.matches("{no-such-algorithm}abc", "abc")).isFalse();
        assertThat(ConsolePassword.matches(null, "abc")).isFalse();
    }

    @Test
    void whenGenerated_thenTwentyUnambiguousCharactersThatDifferEachTime() {
        String first = ConsolePassword.generate(random);

        assertThat(first).hasSize(ConsolePassword.GENERATED_LENGTH).doesNotContainPattern("[0O1lI]");
        assertThat(ConsolePassword.generate(random)).isNotEqualTo(first);
    }

    /** The web console's own (package-private) verifier, so a format change on its side fails here. */
    private static boolean webConsoleAccepts(String stored, String password) throws Exception {
        Class<?> type = Class.forName("org.apache.felix.webconsole.internal.servlet.Password");
        Constructor<?> constructor = type.getDeclaredConstructor(String.class);
        constructor.setAccessible(true);
        Method matches = type.getDeclaredMethod("matches", byte[].class);
        matches.setAccessible(true);
        return (Boolean) matches.invoke(constructor.newInstance(stored), (Object) password.getBytes(StandardCharsets.UTF_8));
    }
}
