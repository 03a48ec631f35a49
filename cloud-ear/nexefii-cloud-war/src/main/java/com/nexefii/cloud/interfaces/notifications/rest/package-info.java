/**
 * The live notification stream (Server-Sent Events, resumable with Last-Event-ID) and the recent
 * notifications of the caller.
 */
package com.nexefii.cloud.interfaces.notifications.rest;
