SELECT a.aggtransfn::regproc::text AS sfunc, format_type(a.aggtranstype, NULL) AS stype,
       NULLIF(a.aggfinalfn::oid, 0)::regproc::text AS finalfunc, NULLIF(a.aggcombinefn::oid, 0)::regproc::text AS combinefunc,
       a.agginitval AS initcond
FROM pg_aggregate a WHERE a.aggfnoid = $1::bigint::oid
