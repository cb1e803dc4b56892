/**
 * The fleet control plane: a Vert.x core HTTP server ({@link io.pgmob.fleet.http.ControlPlane}) to
 * start, list, follow (server-sent events), approve and cancel rollouts, a live page showing the
 * fleet as a grid of clusters, and a Prometheus scrape endpoint.
 */
@NullMarked
package io.pgmob.fleet.http;

import org.jspecify.annotations.NullMarked;
