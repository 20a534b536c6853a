/** Text helpers for the domain model (names, slugs). */
package com.example.core.text;
