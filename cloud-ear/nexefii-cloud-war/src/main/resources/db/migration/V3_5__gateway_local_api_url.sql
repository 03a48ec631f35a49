-- Where a gateway's local API answers on the property network (the app's "open my door" without the
-- internet): set by the property's admin, given to the guests whose stay has a lock of that gateway.
alter table gateways add column local_api_url text
    check (local_api_url is null or (local_api_url ~ '^https://[^/?#@\s]+(/[^?#\s]*)?$' and length(local_api_url) <= 2048));
