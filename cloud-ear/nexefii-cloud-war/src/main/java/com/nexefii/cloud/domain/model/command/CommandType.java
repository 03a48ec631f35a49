package com.nexefii.cloud.domain.model.command;

public enum CommandType {
    LOCK, UNLOCK, LOCKDOWN_ON, LOCKDOWN_OFF, SET_CREDENTIAL, CLEAR_CREDENTIAL, QUERY_STATE
}
