/**
 * Display in Jupyter for every supported Java kernel ({@link org.logokit.notebook.Show}, found by
 * reflection) and HTML tables. No NDArrays.
 */
package org.logokit.notebook;
