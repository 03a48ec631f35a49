package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.credential.MobileKey;
import java.util.List;
import java.util.Map;

/** Port to the cloud's credential-signing keys. */
public interface CredentialSigner {

    /** @return the compact JWS of the mobile key (ES256, {@code kid} in the header) */
    String sign(MobileKey key);

    /** @return the public JWKS (the active key and retired keys still needed for verification) */
    Map<String, Object> publicJwks();

    /** @return the public keys as JSON objects, for policy documents */
    List<Map<String, Object>> publicKeys();
}
