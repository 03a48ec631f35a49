/** What the reference web app (served at /app/) needs to know before the user signs in. */
package com.nexefii.cloud.interfaces.webapp.rest;
