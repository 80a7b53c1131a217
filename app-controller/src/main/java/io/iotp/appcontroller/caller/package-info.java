/**
 * Who is calling: the one seam through which authentication (a later issue) tells the rest of the
 * module which developer owns what it creates and may see what it asks for.
 */
@NullMarked
package io.iotp.appcontroller.caller;

import org.jspecify.annotations.NullMarked;
