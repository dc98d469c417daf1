/* videotex/parser_internal.h -- the parser's private side, for term.c only.
 *
 * Most of a page is read in the ground state: runs of text two bytes long
 * on average, between ESC + attribute, US row col, REP count and single C0
 * codes. Through vtx_parser_feed each of them costs an event and an
 * indirect call, more than the terminal spends applying it. So the
 * terminal reads the ground state itself, recognising those items with the
 * predicates below (the ones the parser's own ground state uses), and
 * hands the parser every byte that starts or continues any other sequence
 * (vtx_parser__run). Other users call vtx_parser_feed. Names with a second
 * underscore are private to videotex/ (as stb marks its own). */
#ifndef VTX_PARSER_INTERNAL_H
#define VTX_PARSER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "charset.h"
#include "parser.h"

/* The C0 codes that start a sequence in the ground state, plus NUL (ignored
 * everywhere, STUM1B §2-2-1-2-6): the codes ground_c0 in parser.c does not
 * report as VTX_EV_C0. */
#define VTX_PARSER__C0_NOT_EVENT                                          \
	(1u << VTX_C0_NUL | 1u << VTX_C0_ESC | 1u << VTX_C0_SS2 |          \
	 1u << VTX_C0_SS2_LEGACY | 1u << VTX_C0_REP | 1u << VTX_C0_US |    \
	 1u << VTX_C0_SEP | 1u << VTX_C0_SS3)

/* Nonzero when C0 code `b` (< 0x20), read in the ground state, is one
 * VTX_EV_C0 event and nothing more. */
static inline int vtx_parser__c0_event(uint8_t b)
{
	return !(VTX_PARSER__C0_NOT_EVENT >> b & 1);
}

/* Nonzero when ESC + `c` (bit 7 masked) is an attribute, VTX_EV_ATTR:
 * a C1 byte 0x40..0x5F other than CSI (§2-2-1-1-3). */
static inline int vtx_parser__is_attr(uint8_t c)
{
	return c >= 0x40 && c <= 0x5F && c != 0x5B;
}

/* Nonzero when REP + `c` (bit 7 masked) is a repetition of c - 0x40. */
static inline int vtx_parser__is_rep(uint8_t c)
{
	return c >= 0x40;
}

/* Nonzero when US + `r` + `c` (bit 7 masked) moves to row r - 0x40 (0..24),
 * column c - 0x40 (1..40): the new form, in range (§2-2-1-2-5). */
static inline int vtx_parser__is_us(uint8_t r, uint8_t c)
{
	return r >= 0x40 && r - 0x40 <= 24 && c >= 0x41 && c - 0x40 <= 40;
}

/* Nonzero when the parser stands in its ground state. */
int vtx_parser__ground(const vtx_parser *p);

/* Feeds bytes[0..len-1] (len > 0) until the parser is back in its ground
 * state after at least one byte, or the bytes run out; returns the bytes
 * used. `offset` is the stream offset of bytes[0]: the caller reads the
 * ground state itself and keeps the count. */
size_t vtx_parser__run(vtx_parser *p, const uint8_t *bytes, size_t len,
		       size_t offset);

/* Sets the stream offset, after bytes the caller read itself. */
void vtx_parser__at(vtx_parser *p, size_t offset);

/* The length of the run of printable bytes (0x20..0x7F once bit 7 is
 * masked) that starts at `s`, at most `n`. */
size_t vtx_parser__text_run(const uint8_t *s, size_t n);

#endif
