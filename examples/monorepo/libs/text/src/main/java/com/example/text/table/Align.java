package com.example.text.table;

/** Horizontal alignment of a table column. */
public enum Align {
    LEFT,
    RIGHT
}
