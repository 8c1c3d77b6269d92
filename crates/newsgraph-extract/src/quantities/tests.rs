//! Tests of the quantities stage.
