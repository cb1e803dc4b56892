/** Views and materialized views of the current database: {@link io.pgmob.view.Views} (from {@code cluster.views()}). */
@NullMarked
package io.pgmob.view;

import org.jspecify.annotations.NullMarked;
