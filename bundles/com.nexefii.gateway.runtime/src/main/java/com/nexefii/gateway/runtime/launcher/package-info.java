/**
 * The gateway's entry point ({@code java -jar gateway.jar}), run outside the framework before it
 * starts: the command line becomes framework properties. Copied into the root of the executable jar
 * by gateway.bndrun.
 */
package com.nexefii.gateway.runtime.launcher;
