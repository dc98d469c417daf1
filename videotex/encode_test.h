/* videotex/encode_test.h -- for the tests only: the encoder without its
 * shortcuts.
 *
 * The encoder takes shortcuts where it can show that the general way
 * would give the same bytes (a row that cannot gain from CAN is not
 * tried, a cursor already in place is not moved, ...). The tests encode
 * screens both ways and require the same bytes: this is the switch. */
#ifndef VTX_ENCODE_TEST_H
#define VTX_ENCODE_TEST_H

#include "encode.h"

/* With `on`, vtx_encode_screen_cached(c, ...) takes none of the
 * shortcuts (the row memory is still used: test_encode_cache checks it). */
void vtx_encode_cache_slow(vtx_encode_cache *c, int on);
/* Spoils the painted attempts the cache remembers (their byte count up to
 * the join), as a key too narrow would: a page one of them matches must
 * then be encoded again the long way, with the same bytes. Returns how
 * many pages took that way since the cache was made. */
unsigned long vtx_encode_cache_spoil(vtx_encode_cache *c);
/* How many rows the cache has replayed at another row than the one it
 * met them at (see encode.c, "Rows met again lower or higher"). */
unsigned long vtx_encode_cache_shifted(const vtx_encode_cache *c);
/* How many status rows the cache, slow, saw written without CAN in fewer
 * bytes than status_floor says they take (encode.c): 0, or the floor that
 * lets the fast way skip that trial is wrong. */
unsigned long vtx_encode_cache_floor_broken(const vtx_encode_cache *c);
/* How many pages the cache saw tried painted in full (not replayed from
 * a painted attempt it remembers): see paint_plan_make. */
unsigned long vtx_encode_cache_painted(const vtx_encode_cache *c);
/* How many pages with a paint plan the cache saw written plainly without
 * a painted attempt, their plain attempt starting with the bytes that
 * paint (plain_paints in encode.c). */
unsigned long vtx_encode_cache_paint_skips(const vtx_encode_cache *c);

#endif
